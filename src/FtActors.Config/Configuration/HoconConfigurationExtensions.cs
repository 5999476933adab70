using Microsoft.Extensions.Configuration;

namespace FtActors.Config.Configuration;

/// <summary>Adds HOCON files and text to a configuration builder.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>
    /// Adds a HOCON file. A relative <paramref name="path"/> is relative to the current directory;
    /// includes inside the file are relative to the file. Later sources override earlier ones, so add
    /// this before environment variables and the command line.
    /// </summary>
    public static IConfigurationBuilder AddHocon(this IConfigurationBuilder builder, string path, bool optional = false, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(path);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional, Options = options ?? HoconParseOptions.Default });
    }

    /// <summary>Adds HOCON text (for tests and embedded defaults).</summary>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        return builder.Add(new HoconConfigurationSource { Text = text, Options = options ?? HoconParseOptions.Default });
    }

    /// <summary>
    /// Adds environment variables named like <c>FTACTORS__CLUSTER__HEARTBEAT_INTERVAL</c> as overrides
    /// of the kebab-case key <c>ftactors:cluster:heartbeat-interval</c>. Add it after the HOCON files.
    /// </summary>
    public static IConfigurationBuilder AddKebabEnvironmentVariables(
        this IConfigurationBuilder builder,
        string prefix = "FTACTORS__",
        IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new KebabEnvironmentVariablesSource { Prefix = prefix, Variables = variables });
    }
}
