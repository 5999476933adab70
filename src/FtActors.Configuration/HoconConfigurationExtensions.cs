using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration;

/// <summary>Adds HOCON files, HOCON text and <c>FTACTORS__</c> environment variables to a configuration builder.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>
    /// Adds a HOCON file. A relative <paramref name="path"/> is relative to the current directory; includes inside
    /// the file are relative to the file. Later sources override earlier ones, so add this before environment
    /// variables and the command line.
    /// </summary>
    public static IConfigurationBuilder AddHocon(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(path);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional });
    }

    /// <summary>Adds HOCON text (tests, embedded defaults); <paramref name="sourceName"/> is what errors call it.</summary>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        return builder.Add(new HoconConfigurationSource { Text = text, SourceName = sourceName });
    }

    /// <summary>
    /// Adds environment variables named like <c>FTACTORS__CLUSTER__HEARTBEAT_INTERVAL</c> as overrides of the
    /// kebab-case key <c>ftactors:cluster:heartbeat-interval</c>. Add it after the HOCON files.
    /// </summary>
    public static IConfigurationBuilder AddKebabEnvironmentVariables(
        this IConfigurationBuilder builder,
        string prefix = "FTACTORS__",
        IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new KebabEnvironmentVariablesSource { Prefix = prefix, Variables = variables });
    }

    /// <summary>
    /// The Akka <see cref="Config"/> the HOCON sources of a built configuration parsed (a later source's values
    /// win over an earlier one's), or an empty one when it has none. Environment and command-line overrides are
    /// not in it: they exist only as configuration keys.
    /// </summary>
    public static Config GetHoconConfig(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var result = Config.Empty;
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers.OfType<HoconConfigurationProvider>())
            {
                result = result.IsEmpty ? provider.Config : provider.Config.WithFallback(result);
            }
        }

        return result;
    }
}
