namespace FtActors.Pages.Tests;

/// <summary>Behaviour every engine must have; runs on the managed engine always and the native one when present.</summary>
public sealed class PageEngineTests
{
    public static TheoryData<string> EngineNames() => Engines.Available();

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void Classify_ZeroAndNonZeroPages_TypesZeroOnlyAllZeroPages(string engineName)
    {
        IPageBatchEngine engine = Engines.Get(engineName);
        byte[] pages = new byte[4 * PageSize.Bytes];
        pages[PageSize.Bytes + PageSize.Bytes - 1] = 1;       // page 1: last byte set
        new Random(7).NextBytes(pages.AsSpan(2 * PageSize.Bytes, PageSize.Bytes)); // page 2: random
        var hashes = new PageHash[4];
        var types = new PageType[4];

        engine.Classify(pages, hashes, types);

        Assert.Equal([PageType.Zero, PageType.Normal, PageType.Normal, PageType.Zero], types);
        Assert.Equal(KnownPageHashes.ZeroPage, hashes[0]);
        Assert.Equal(KnownPageHashes.ZeroPage, hashes[3]);
        Assert.Equal(engine.Hash(pages.AsSpan(PageSize.Bytes, PageSize.Bytes)), hashes[1]);
        Assert.Equal(engine.Hash(pages.AsSpan(2 * PageSize.Bytes, PageSize.Bytes)), hashes[2]);
        Assert.NotEqual(hashes[1], hashes[2]);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void Classify_EmptyBatch_DoesNothing(string engineName)
    {
        Engines.Get(engineName).Classify([], [], []);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void Classify_PagesShorterThanTypes_ThrowsSayingExpectedAndFound(string engineName)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Engines.Get(engineName).Classify(new byte[PageSize.Bytes + 1], new PageHash[1], new PageType[1]));

        Assert.Equal("pages", error.ParamName);
        Assert.Contains("Expected 4096 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 4097 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void Classify_HashSpanOfWrongLength_Throws(string engineName)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Engines.Get(engineName).Classify(new byte[PageSize.Bytes], new PageHash[2], new PageType[1]));

        Assert.Equal("hashes", error.ParamName);
        Assert.Contains("found 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void ClassifyMarked_HeldPagetableAndAbsentSlots_FollowMarks(string engineName)
    {
        IPageBatchEngine engine = Engines.Get(engineName);
        byte[] pages = new byte[6 * PageSize.Bytes];
        new Random(1).NextBytes(pages.AsSpan(0, PageSize.Bytes));                  // held
        new Random(2).NextBytes(pages.AsSpan(PageSize.Bytes, PageSize.Bytes));     // not held
        pages.AsSpan(0, PageSize.Bytes).CopyTo(pages.AsSpan(2 * PageSize.Bytes)); // held, but a pagetable
        pages[3 * PageSize.Bytes] = 9;                                            // marked absent: not read
        // page 4: zero, although the zero hash is held; page 5: zero pagetable
        PageHash held = engine.Hash(pages.AsSpan(0, PageSize.Bytes));
        using PageHashSet set = engine.CreateHashSet([held, KnownPageHashes.ZeroPage]);
        var hashes = new PageHash[6];
        PageType[] types = [PageType.Normal, PageType.AtDestination, PageType.PageTable, PageType.NotPresent, PageType.Normal, PageType.PageTable];

        engine.Classify(pages, set, hashes, types);

        Assert.Equal(
            [PageType.AtDestination, PageType.Normal, PageType.PageTable, PageType.NotPresent, PageType.Zero, PageType.PageTable],
            types);
        Assert.Equal(held, hashes[0]);
        Assert.Equal(held, hashes[2]);
        Assert.Equal(default, hashes[3]);
        Assert.Equal(KnownPageHashes.ZeroPage, hashes[4]);
        Assert.Equal(KnownPageHashes.ZeroPage, hashes[5]);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void ClassifyMarked_NoSet_TypesNothingAtDestination(string engineName)
    {
        IPageBatchEngine engine = Engines.Get(engineName);
        byte[] pages = new byte[PageSize.Bytes];
        pages[100] = 1;
        var types = new PageType[1];

        engine.Classify(pages, null, new PageHash[1], types);

        Assert.Equal(PageType.Normal, types[0]);
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void CreateHashSet_DuplicatesAndZeroHash_CountsDistinctAndFindsAll(string engineName)
    {
        IPageBatchEngine engine = Engines.Get(engineName);
        var hashes = new List<PageHash> { default };
        for (ulong i = 0; i < 500; i++)
        {
            // Equal low halves force probing past occupied slots.
            hashes.Add(new PageHash(i % 3, i + 1));
        }

        hashes.Add(hashes[17]);
        using PageHashSet set = engine.CreateHashSet(hashes.ToArray());

        Assert.Equal(501, set.Count);
        Assert.Equal(engineName, set.EngineName);
        Assert.All(hashes, h => Assert.True(set.Contains(h)));
        Assert.False(set.Contains(new PageHash(0, 1000)));
        Assert.False(set.Contains(new PageHash(5, 1)));
    }

    [Theory]
    [MemberData(nameof(EngineNames))]
    public void CreateHashSet_Empty_ContainsNothing(string engineName)
    {
        using PageHashSet set = Engines.Get(engineName).CreateHashSet([]);

        Assert.Equal(0, set.Count);
        Assert.False(set.Contains(default));
        Assert.False(set.Contains(KnownPageHashes.ZeroPage));
    }

    [NativeFact]
    public void ClassifyMarked_SetFromOtherEngine_ThrowsNamingBoth()
    {
        using PageHashSet managedSet = PageEngines.Managed.CreateHashSet([]);

        var error = Assert.Throws<ArgumentException>(() =>
            Engines.Native.Classify(new byte[PageSize.Bytes], managedSet, new PageHash[1], new PageType[1]));

        Assert.Contains("built by the native engine but found one built by the managed engine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Managed_EvenWhenNativeLoads_IsTheManagedEngine()
    {
        Assert.Equal("managed", PageEngines.Managed.Name);
        Assert.IsType<ManagedPageEngine>(PageEngines.Managed);
    }

    [Fact]
    public void Default_IsNativeExactlyWhenNativeLoaded()
    {
        Assert.Equal(PageEngines.Native is null ? "managed" : "native", PageEngines.Default.Name);
        Assert.False(string.IsNullOrEmpty(PageEngines.DefaultReason));
    }
}
