namespace FtActors.Config;

/// <summary>How a HOCON document is read: where includes are looked up and how environment fallback works.</summary>
public sealed record HoconParseOptions
{
    /// <summary>Default options: the process environment, includes relative to the current directory for text.</summary>
    public static HoconParseOptions Default { get; } = new();

    /// <summary>
    /// Looks up an environment variable when a substitution such as <c>${?HOME}</c> is not found in the
    /// configuration. Tests inject a dictionary here; the default reads the process environment.
    /// </summary>
    public Func<string, string?> EnvironmentLookup { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// The directory that <c>include</c> statements in text parsed from a string are relative to. Files
    /// always resolve includes relative to their own directory. Null means the current directory.
    /// </summary>
    public string? BaseDirectory { get; init; }

    /// <summary>The name used in error messages for text parsed from a string (for example <c>"node.conf"</c>).</summary>
    public string? SourceName { get; init; }
}
