using FtActors.Pages;

namespace FtActors.Store.Tests;

/// <summary>Guest memories made of a few page patterns, so tests control what repeats and what is zero.</summary>
internal static class TestData
{
    /// <summary>A page whose bytes are derived from <paramref name="seed"/>; seed 0 is the zero page.</summary>
    public static byte[] Page(int seed)
    {
        byte[] page = new byte[PageSize.Bytes];
        if (seed != 0)
        {
            new Random(seed).NextBytes(page);
        }

        return page;
    }

    /// <summary>Memory whose frame i holds <c>Page(seeds[i])</c>.</summary>
    public static byte[] Memory(params int[] seeds)
    {
        byte[] memory = new byte[seeds.Length * PageSize.Bytes];
        for (int i = 0; i < seeds.Length; i++)
        {
            Page(seeds[i]).CopyTo(memory, i * PageSize.Bytes);
        }

        return memory;
    }

    public static PageHash Hash(int seed) => PageEngines.Default.Hash(Page(seed));

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ftstore-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>For finally blocks: removes a <see cref="TempDir"/> without ever throwing over the test's own failure.</summary>
    public static void RemoveTempDir(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"test cleanup: removing {dir} failed: {e.Message}");
        }
    }

    public static SelectionReport Add(PageStoreWriter w, string guest, SelectionOptions options, params byte[][] snapshots)
    {
        var sources = snapshots.Select(s => (IPageSource)new MemoryPageSource(s)).ToList();
        try
        {
            return w.AddScan(guest, sources, options, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        }
        finally
        {
            sources.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Everything a reader can observe of a store, for comparing crash outcomes.</summary>
    public static string Content(string dir)
    {
        using PageStore s = PageStore.Open(dir);
        var lines = new List<string> { $"pages={s.PageCount}" };
        byte[] page = new byte[PageSize.Bytes];
        foreach (PageHash h in s.AllHashes())
        {
            lines.Add($"p {h} {(s.TryRead(h, page) ? "ok" : "BAD")}");
        }

        foreach (GuestSummary g in s.Guests)
        {
            lines.Add($"g {g.Name} scans={g.Scans} mapped={g.MappedFrames} selected={g.SelectedFrames}");
            foreach (GuestMapEntry e in s.ReadGuestMap(g.Name))
            {
                lines.Add($"  {e}");
            }
        }

        return string.Join('\n', lines);
    }
}
