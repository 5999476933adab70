using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace FtActors.Pages.Tests;

/// <summary>Xen PV pagetable canonicalisation: rules, errors, round trips, and native == managed.</summary>
public sealed class PageTableCanonicaliserTests
{
    private const ulong FrameMask = ((1UL << 40) - 1) << 12;
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(150);

    public static TheoryData<string> EngineNames() => Engines.Available();

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void ForSave_PresentEntries_BecomeGuestFramesWithFlagsKept(string engineName)
    {
        ulong[] p2m = [0x9000, 0x9005, PageTableCanonicaliser.InvalidFrame, 0x9002];
        using PageTableCanonicaliser canon = PageTableCanonicaliser.ForSave(Engines.Get(engineName), p2m, PvPagingMode.FourLevel);
        byte[] page = new byte[PageSize.Bytes];
        SetEntry(page, 0, (0x9005UL << 12) | 0x67);                      // present, A|D|U|RW
        SetEntry(page, 1, (1UL << 63) | (0x9002UL << 12) | 0x1);         // present, NX
        SetEntry(page, 2, (0x12345UL << 12) | 0x6);                      // not present: kept as is
        SetEntry(page, 511, (0x9000UL << 12) | 0x3);

        canon.Translate(page, 1);

        Assert.Equal((1UL << 12) | 0x67, Entry(page, 0));
        Assert.Equal((1UL << 63) | (3UL << 12) | 0x1, Entry(page, 1));
        Assert.Equal((0x12345UL << 12) | 0x6, Entry(page, 2));
        Assert.Equal(0x3UL, Entry(page, 511));
        Assert.Equal(3, canon.Count);
        Assert.True(canon.IsDense);
        Assert.Equal(engineName, canon.EngineName);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void Translate_FourLevelL4_BlanksXenSlots256To271Only(string engineName)
    {
        using PageTableCanonicaliser canon = PageTableCanonicaliser.ForSave(Engines.Get(engineName), [0x500], PvPagingMode.FourLevel);
        byte[] page = new byte[PageSize.Bytes];
        for (int i = 0; i < 512; i++)
        {
            SetEntry(page, i, (0x500UL << 12) | 0x27);
        }

        canon.Translate(page, 4);

        for (int i = 0; i < 512; i++)
        {
            Assert.Equal(i is >= 256 and <= 271 ? 0UL : 0x27UL, Entry(page, i));
        }
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void Translate_PaeL3_BlanksSlotsFromFour(string engineName)
    {
        using PageTableCanonicaliser canon = PageTableCanonicaliser.ForSave(Engines.Get(engineName), [0x500, 0x501], PvPagingMode.Pae);
        byte[] page = new byte[PageSize.Bytes];
        for (int i = 0; i < 512; i++)
        {
            SetEntry(page, i, (0x501UL << 12) | 0x1);
        }

        canon.Translate(page, 3);

        Assert.Equal((1UL << 12) | 0x1, Entry(page, 3));
        Assert.Equal(0UL, Entry(page, 4));
        Assert.Equal(0UL, Entry(page, 511));
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void Translate_UnmappedFrame_ThrowsNamingEntryAndFrameAndLeavesPage(string engineName)
    {
        using PageTableCanonicaliser canon = PageTableCanonicaliser.ForSave(Engines.Get(engineName), [0x500], PvPagingMode.FourLevel);
        byte[] page = new byte[PageSize.Bytes];
        SetEntry(page, 0, (0x500UL << 12) | 0x1);
        SetEntry(page, 42, (0xABCDEUL << 12) | 0x1);
        byte[] before = (byte[])page.Clone();

        var error = Assert.Throws<PageTableEntryException>(() => canon.Translate(page, 2));

        Assert.Equal(42, error.Entry);
        Assert.Equal(0xABCDEUL, error.Frame);
        Assert.Equal(PageTableFault.Unmapped, error.Fault);
        Assert.Equal(2, error.Level);
        Assert.Equal(-1, error.PageIndex);
        Assert.Equal("L2 pagetable entry 42 (byte offset 336): expected a frame held in the frame map but found frame 0xabcde.", error.Message);
        Assert.Equal(before, page);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void Translate_SuperpageAboveL1_Throws_ButPatBitInL1IsFine(string engineName)
    {
        using PageTableCanonicaliser canon = PageTableCanonicaliser.ForSave(Engines.Get(engineName), [0x500], PvPagingMode.FourLevel);
        byte[] page = new byte[PageSize.Bytes];
        SetEntry(page, 7, (0x500UL << 12) | 0x81);

        var error = Assert.Throws<PageTableEntryException>(() => canon.Translate(page, 2));
        canon.Translate(page, 1);

        Assert.Equal(PageTableFault.Superpage, error.Fault);
        Assert.Equal(7, error.Entry);
        Assert.Equal(0x81UL, Entry(page, 7));
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void TranslateBatch_BadSecondPagetable_ThrowsNamingPageAfterTranslatingFirst(string engineName)
    {
        using PageTableCanonicaliser canon = PageTableCanonicaliser.ForSave(Engines.Get(engineName), [0x500], PvPagingMode.FourLevel);
        byte[] pages = new byte[3 * PageSize.Bytes];
        SetEntry(pages, 0, (0x500UL << 12) | 0x1);
        SetEntry(pages, 512, (0x777UL << 12) | 0x1);         // page 1 is data (level 0): not touched
        SetEntry(pages, 1024 + 3, (0x778UL << 12) | 0x1);    // page 2 entry 3 is unmapped

        var error = Assert.Throws<PageTableEntryException>(() => canon.TranslateBatch(pages, [1, 0, 1]));

        Assert.Equal(2, error.PageIndex);
        Assert.Equal(3, error.Entry);
        Assert.StartsWith("Page 2 of the batch, L1 pagetable entry 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(0x1UL, Entry(pages, 0));
        Assert.Equal((0x777UL << 12) | 0x1, Entry(pages, 512));
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void Translate_LevelAboveMode_ThrowsOutOfRange(string engineName)
    {
        using PageTableCanonicaliser canon = PageTableCanonicaliser.ForSave(Engines.Get(engineName), [0x500], PvPagingMode.Pae);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => canon.Translate(new byte[PageSize.Bytes], 4));

        Assert.Contains("from 1 to 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void ForSave_TwoGuestFramesOnOneMachineFrame_ThrowsNamingSecond(string engineName)
    {
        var error = Assert.Throws<FrameMapException>(() =>
            PageTableCanonicaliser.ForSave(Engines.Get(engineName), [0x10, 0x11, 0x10], PvPagingMode.FourLevel));

        Assert.True(error.IsDuplicate);
        Assert.Equal(2, error.Index);
        Assert.Equal(0x10UL, error.Frame);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void ForSave_SparseMachineFrames_UsesSortedFormAndStillMaps(string engineName)
    {
        ulong[] p2m = [0x10, 0xFF_FFFF_FFFF, 0x3_0000_0000, 0x7];
        using PageTableCanonicaliser canon = PageTableCanonicaliser.ForSave(Engines.Get(engineName), p2m, PvPagingMode.FourLevel);

        Assert.False(canon.IsDense);
        Assert.True(canon.TryMapFrame(0xFF_FFFF_FFFF, out ulong pfn));
        Assert.Equal(1UL, pfn);
        Assert.True(canon.TryMapFrame(0x7, out pfn));
        Assert.Equal(3UL, pfn);
        Assert.False(canon.TryMapFrame(0x8, out _));
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void ForRestore_FrameBeyond40Bits_ThrowsOutOfRange(string engineName)
    {
        var error = Assert.Throws<FrameMapException>(() =>
            PageTableCanonicaliser.ForRestore(Engines.Get(engineName), [1, 1UL << 40], PvPagingMode.FourLevel));

        Assert.False(error.IsDuplicate);
        Assert.Equal(1, error.Index);
        Assert.Equal(1UL << 40, error.Frame);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void CanonicaliseThenUncanonicalise_RandomTables_RestoresEveryNonXenEntry(string engineName)
    {
        IPageBatchEngine engine = Engines.Get(engineName);
        Check.One(Config, Prop.ForAll(Arb.From(TableCase.Generator), c =>
        {
            (ulong[] sourceP2m, ulong[] destinationP2m) = c.P2ms();
            byte[] original = c.Page(sourceP2m);
            byte[] page = (byte[])original.Clone();
            using PageTableCanonicaliser save = PageTableCanonicaliser.ForSave(engine, sourceP2m, c.Mode);
            using PageTableCanonicaliser restore = PageTableCanonicaliser.ForRestore(engine, destinationP2m, c.Mode);
            using PageTableCanonicaliser saveAtDestination = PageTableCanonicaliser.ForSave(engine, destinationP2m, c.Mode);

            save.Translate(page, c.Level);
            byte[] canonical = (byte[])page.Clone();
            restore.Translate(page, c.Level);
            saveAtDestination.Translate(page, c.Level);

            // Canonical form is host-independent: both hosts' pages canonicalise to the same bytes.
            Assert.Equal(canonical, page);
            for (int i = 0; i < 512; i++)
            {
                ulong entry = Entry(original, i);
                ulong expected = IsXenSlot(c.Mode, c.Level, i) ? 0
                    : (entry & 1) == 0 ? entry
                    : (entry & ~FrameMask) | ((ulong)Array.IndexOf(sourceP2m, (entry & FrameMask) >> 12) << 12);
                Assert.Equal(expected, Entry(canonical, i));
            }
        }));
    }

    [NativeFact]
    public void Translate_RandomTablesWithStrayFrames_NativeEqualsManaged()
    {
        Gen<(TableCase Case, int StraySeed)> inputs =
            from c in TableCase.Generator
            from seed in Gen.Choose(0, int.MaxValue)
            select (c, seed);

        Check.One(Config, Prop.ForAll(Arb.From(inputs), input =>
        {
            (ulong[] p2m, _) = input.Case.P2ms();
            byte[] page = input.Case.Page(p2m);
            var random = new Random(input.StraySeed);
            if (random.Next(2) == 0)
            {
                int slot = random.Next(512);
                ulong flags = random.Next(2) == 0 ? 0x1UL : 0x81UL;
                SetEntry(page, slot, ((ulong)random.NextInt64(1L << 40) << 12) | flags);
            }

            byte[] managedPage = (byte[])page.Clone();
            byte[] nativePage = (byte[])page.Clone();
            using PageTableCanonicaliser managed = PageTableCanonicaliser.ForSave(PageEngines.Managed, p2m, input.Case.Mode);
            using PageTableCanonicaliser native = PageTableCanonicaliser.ForSave(Engines.Native, p2m, input.Case.Mode);
            Assert.Equal(managed.IsDense, native.IsDense);
            PageTableEntryException? managedError = Record.Exception(() => managed.Translate(managedPage, input.Case.Level)) as PageTableEntryException;
            PageTableEntryException? nativeError = Record.Exception(() => native.Translate(nativePage, input.Case.Level)) as PageTableEntryException;

            Assert.Equal(managedPage, nativePage);
            Assert.Equal(managedError?.Message, nativeError?.Message);
        }));
    }

    [NativeFact]
    public void Translate_ArbitraryPageBytes_NativeEqualsManaged()
    {
        Gen<(int Seed, PvPagingMode Mode, int Level, int Frames)> inputs =
            from seed in Gen.Choose(0, int.MaxValue)
            from mode in Gen.Elements(PvPagingMode.Pae, PvPagingMode.FourLevel)
            from level in Gen.Choose(1, (int)mode)
            from frames in Gen.Choose(0, 64)
            select (seed, mode, level, frames);

        Check.One(Config, Prop.ForAll(Arb.From(inputs), input =>
        {
            // Random bytes, with a p2m covering small frame numbers and entries mutated to point at
            // them, so that some pages translate fully and others fail at a random entry.
            var random = new Random(input.Seed);
            byte[] page = new byte[PageSize.Bytes];
            random.NextBytes(page);
            ulong[] p2m = Enumerable.Range(0, input.Frames).Select(i => (ulong)i + 16).ToArray();
            for (int i = 0; i < 512 && input.Frames > 0; i++)
            {
                if (random.Next(8) != 0)
                {
                    ulong entry = Entry(page, i) & ~FrameMask & ~0x80UL;
                    SetEntry(page, i, entry | ((16 + (ulong)random.Next(input.Frames)) << 12));
                }
            }

            byte[] managedPage = (byte[])page.Clone();
            byte[] nativePage = (byte[])page.Clone();
            using PageTableCanonicaliser managed = PageTableCanonicaliser.ForSave(PageEngines.Managed, p2m, input.Mode);
            using PageTableCanonicaliser native = PageTableCanonicaliser.ForSave(Engines.Native, p2m, input.Mode);
            Exception? managedError = Record.Exception(() => managed.Translate(managedPage, input.Level));
            Exception? nativeError = Record.Exception(() => native.Translate(nativePage, input.Level));

            Assert.Equal(managedError?.GetType(), nativeError?.GetType());
            Assert.Equal(managedError?.Message, nativeError?.Message);
            Assert.Equal(managedPage, nativePage);
            if (managedError is not null)
            {
                Assert.Equal(page, managedPage);
            }
        }));
    }

    private static bool IsXenSlot(PvPagingMode mode, int level, int index) =>
        mode == PvPagingMode.FourLevel ? level == 4 && index is >= 256 and <= 271 : level == 3 && index >= 4;

    private static ulong Entry(byte[] page, int index) => BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(index * 8));

    private static void SetEntry(byte[] page, int index, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(index * 8), value);

    /// <summary>A guest of <c>Frames</c> frames on two hosts, and one pagetable page of a given level.</summary>
    private sealed record TableCase(int Frames, bool Sparse, PvPagingMode Mode, int Level, int Seed)
    {
        public static Gen<TableCase> Generator { get; } =
            from frames in Gen.Choose(1, 3000)
            from sparse in Gen.Elements(false, true)
            from mode in Gen.Elements(PvPagingMode.Pae, PvPagingMode.FourLevel)
            from level in Gen.Choose(1, (int)mode)
            from seed in Gen.Choose(0, int.MaxValue)
            select new TableCase(frames, sparse, mode, level, seed);

        /// <summary>
        /// Two p2m tables (source and destination host) with distinct machine frames, and the same few
        /// unpopulated guest frames on both (a restore populates what the save held).
        /// </summary>
        public (ulong[] Source, ulong[] Destination) P2ms()
        {
            var random = new Random(Seed);
            ulong[] source = Host(random);
            ulong[] destination = Host(random);
            for (int i = 0; i < Frames / 20; i++)
            {
                int hole = random.Next(Frames);
                source[hole] = PageTableCanonicaliser.InvalidFrame;
                destination[hole] = PageTableCanonicaliser.InvalidFrame;
            }

            return (source, destination);
        }

        /// <summary>A pagetable page whose present entries name machine frames from <paramref name="p2m"/>.</summary>
        public byte[] Page(ulong[] p2m)
        {
            var random = new Random(Seed ^ 0x5a5a5a5a);
            ulong[] populated = p2m.Where(f => f != PageTableCanonicaliser.InvalidFrame).ToArray();
            byte[] page = new byte[PageSize.Bytes];
            for (int i = 0; i < 512; i++)
            {
                ulong entry;
                if (random.Next(3) == 0 || populated.Length == 0)
                {
                    entry = (ulong)random.NextInt64() & ~1UL; // not present: any bits
                }
                else
                {
                    ulong flags = ((ulong)random.NextInt64() & 0xFFF0_0000_0000_0FFFUL) | 1UL;
                    if (Level > 1)
                    {
                        flags &= ~0x80UL;
                    }

                    entry = flags | (populated[random.Next(populated.Length)] << 12);
                }

                SetEntry(page, i, entry);
            }

            return page;
        }

        private ulong[] Host(Random random)
        {
            ulong start = Sparse ? (ulong)random.NextInt64(1L << 39) : (ulong)random.Next(1 << 20);
            ulong spacing = Sparse ? 1 + (ulong)random.Next(1 << 16) : 1;
            ulong[] frames = Enumerable.Range(0, Frames).Select(i => start + ((ulong)i * spacing)).ToArray();
            random.Shuffle(frames);
            return frames;
        }
    }
}
