namespace FtActors.Health.Tests;

/// <summary>Test data under Recorded/: outputs reproduced from published examples (see docs/health.md).</summary>
internal static class Recorded
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Recorded", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));
}
