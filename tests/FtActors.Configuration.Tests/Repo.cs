namespace FtActors.Configuration.Tests;

/// <summary>The repository's hocon/ directory, found above the test binaries.</summary>
internal static class Repo
{
    public static readonly string HoconDir = Find();

    public static string Reference => Path.Combine(HoconDir, "reference.conf");

    public static string Node => Path.Combine(HoconDir, "node.conf");

    public static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hocon");
            if (File.Exists(Path.Combine(candidate, "reference.conf")) && File.Exists(Path.Combine(dir.FullName, "FtActors.sln")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("hocon/reference.conf not found above " + AppContext.BaseDirectory);
    }
}
