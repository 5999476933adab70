using FtActors.Configuration;
using Microsoft.Extensions.Configuration;

namespace FtActors.Node;

/// <summary>Builds a node's configuration: the HOCON file, then <c>FTACTORS__</c> environment variables, then <c>--set key=value</c>.</summary>
public static class NodeConfiguration
{
    /// <summary>Adds the three layers to <paramref name="builder"/>, later ones winning.</summary>
    /// <param name="builder">The configuration builder to fill.</param>
    /// <param name="configPath">The HOCON file (e.g. <c>hocon/node.conf</c>).</param>
    /// <param name="sets">Overrides as <c>ftactors.remoting.port=2552</c>; HOCON dots become configuration colons.</param>
    /// <exception cref="ConfigurationException">An override is not <c>key=value</c>.</exception>
    public static IConfigurationBuilder AddNodeLayers(this IConfigurationBuilder builder, string configPath, IEnumerable<string> sets)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sets);
        builder.AddHocon(configPath).AddKebabEnvironmentVariables();
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var set in sets)
        {
            var eq = set.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ConfigurationException($"--set: expected key=value (e.g. ftactors.remoting.port=2552), found \"{set}\"");
            }

            var key = set[..eq].Trim().Replace('.', ':');
            var value = set[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            overrides[key] = value;
        }

        return builder.AddInMemoryCollection(overrides);
    }

    /// <summary>Builds the configuration of <see cref="AddNodeLayers"/> on its own (for commands that only read it).</summary>
    public static IConfiguration Build(string configPath, IEnumerable<string> sets) =>
        new ConfigurationBuilder().AddNodeLayers(configPath, sets).Build();
}
