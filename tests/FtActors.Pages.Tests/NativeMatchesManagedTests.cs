using FsCheck;
using FsCheck.Fluent;

namespace FtActors.Pages.Tests;

/// <summary>FsCheck properties: the native and managed engines agree byte for byte on every output.</summary>
public sealed class NativeMatchesManagedTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(200);

    [NativeFact]
    public void Hash_AnyLengthUpTo10000_NativeEqualsManaged()
    {
        Gen<(int Length, int Seed)> inputs =
            from length in Gen.Frequency((1, Gen.Choose(0, 300)), (1, Gen.Choose(0, 10000)))
            from seed in Gen.Choose(0, int.MaxValue)
            select (length, seed);

        Check.One(Config, Prop.ForAll(Arb.From(inputs), input =>
        {
            byte[] data = new byte[input.Length];
            new Random(input.Seed).NextBytes(data);
            Assert.Equal(PageEngines.Managed.Hash(data), Engines.Native.Hash(data));
        }));
    }

    [NativeFact]
    public void Hash_EveryLengthTo1100_NativeEqualsManaged()
    {
        byte[] data = new byte[1100];
        new Random(99).NextBytes(data);
        for (int length = 0; length <= data.Length; length++)
        {
            Assert.Equal(PageEngines.Managed.Hash(data.AsSpan(0, length)), Engines.Native.Hash(data.AsSpan(0, length)));
        }
    }

    [NativeFact]
    public void Classify_RandomBatches_NativeEqualsManaged()
    {
        Check.One(Config, Prop.ForAll(PageSpec.Batches, specs =>
        {
            byte[] pages = PageSpec.Build(specs);
            var (managedHashes, managedTypes) = Run(PageEngines.Managed, pages, specs.Length);
            var (nativeHashes, nativeTypes) = Run(Engines.Native, pages, specs.Length);

            Assert.Equal(managedTypes, nativeTypes);
            Assert.Equal(managedHashes, nativeHashes);
            for (int i = 0; i < specs.Length; i++)
            {
                bool zero = pages.AsSpan(i * PageSize.Bytes, PageSize.Bytes).IndexOfAnyExcept((byte)0) < 0;
                Assert.Equal(zero ? PageType.Zero : PageType.Normal, nativeTypes[i]);
            }
        }));
    }

    [NativeFact]
    public void Classify_OneNonZeroByteAnywhere_BothEnginesSeeNormal()
    {
        byte[] page = new byte[PageSize.Bytes];
        var managedTypes = new PageType[1];
        var nativeTypes = new PageType[1];
        var managedHash = new PageHash[1];
        var nativeHash = new PageHash[1];
        for (int offset = 0; offset < PageSize.Bytes; offset++)
        {
            page[offset] = (byte)(1 << (offset % 8));
            PageEngines.Managed.Classify(page, managedHash, managedTypes);
            Engines.Native.Classify(page, nativeHash, nativeTypes);
            page[offset] = 0;

            Assert.Equal(PageType.Normal, managedTypes[0]);
            Assert.Equal(PageType.Normal, nativeTypes[0]);
            Assert.Equal(managedHash[0], nativeHash[0]);
        }
    }

    [NativeFact]
    public void ClassifyMarked_RandomMarksAndHeldSets_NativeEqualsManaged()
    {
        Gen<(PageSpec[] Specs, int MarkSeed)> inputs =
            from specs in PageSpec.Batches.Generator
            from seed in Gen.Choose(0, int.MaxValue)
            select (specs, seed);

        Check.One(Config, Prop.ForAll(Arb.From(inputs), input =>
        {
            byte[] pages = PageSpec.Build(input.Specs);
            int count = input.Specs.Length;
            var random = new Random(input.MarkSeed);
            PageType[] marks = new PageType[count];
            var heldHashes = new List<PageHash>();
            for (int i = 0; i < count; i++)
            {
                marks[i] = (PageType)random.Next(5);
                if (random.Next(2) == 0)
                {
                    heldHashes.Add(PageEngines.Managed.Hash(pages.AsSpan(i * PageSize.Bytes, PageSize.Bytes)));
                }
            }

            using PageHashSet managedSet = PageEngines.Managed.CreateHashSet(heldHashes.ToArray());
            using PageHashSet nativeSet = Engines.Native.CreateHashSet(heldHashes.ToArray());
            PageType[] managedTypes = (PageType[])marks.Clone();
            PageType[] nativeTypes = (PageType[])marks.Clone();
            var managedHashes = new PageHash[count];
            var nativeHashes = new PageHash[count];

            PageEngines.Managed.Classify(pages, managedSet, managedHashes, managedTypes);
            Engines.Native.Classify(pages, nativeSet, nativeHashes, nativeTypes);

            Assert.Equal(managedTypes, nativeTypes);
            Assert.Equal(managedHashes, nativeHashes);
            Assert.Equal(managedSet.Count, nativeSet.Count);
        }));
    }

    private static (PageHash[] Hashes, PageType[] Types) Run(IPageEngine engine, byte[] pages, int count)
    {
        var hashes = new PageHash[count];
        var types = new PageType[count];
        engine.Classify(pages, hashes, types);
        return (hashes, types);
    }
}
