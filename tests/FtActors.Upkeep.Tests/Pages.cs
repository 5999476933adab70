using FtActors.Pages;

namespace FtActors.Upkeep.Tests;

/// <summary>Deterministic page contents and RAM files for upkeep tests.</summary>
internal static class Pages
{
    /// <summary>A page derived from <paramref name="seed"/>; seed 0 is the zero page.</summary>
    public static byte[] Page(int seed)
    {
        byte[] page = new byte[PageSize.Bytes];
        if (seed != 0)
        {
            new Random(seed).NextBytes(page);
        }

        return page;
    }

    public static PageHash Hash(int seed) => PageEngines.Default.Hash(Page(seed));

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ftupkeep-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes a RAM file whose frame i holds <c>Page(seeds[i])</c>.</summary>
    public static void WriteRam(string path, params int[] seeds)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        foreach (int s in seeds)
        {
            fs.Write(Page(s));
        }
    }
}
