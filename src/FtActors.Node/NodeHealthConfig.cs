using System.Text.Json;
using FtActors.Cluster;
using FtActors.Config;
using FtActors.Health;

namespace FtActors.Node;

/// <summary>
/// The node's health setup: the <c>ftactors.health</c> section of its HOCON file with the command line's
/// <c>--set ftactors.health...</c> overrides on top (the health library reads HOCON, not the layered
/// <c>IConfiguration</c>), named after the node.
/// </summary>
public static class NodeHealthConfig
{
    /// <summary>Loads the setup; <paramref name="nodeName"/> is the name predictions carry.</summary>
    /// <exception cref="HealthFormatException">A health setting is invalid.</exception>
    /// <exception cref="ClusterException">An override is not key=value.</exception>
    public static HealthSetup Load(string configPath, IEnumerable<string> sets, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var overrides = new System.Text.StringBuilder();
        foreach (var set in sets)
        {
            var eq = set.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ClusterException($"--set: expected key=value, found \"{set}\"");
            }

            var key = set[..eq].Trim();
            if (!key.StartsWith("ftactors.health.", StringComparison.Ordinal))
            {
                continue;
            }

            overrides.Append(key).Append(" = ").Append(HoconValue(set[(eq + 1)..].Trim())).Append('\n');
        }

        var file = HoconConfig.ParseFile(configPath);
        var config = overrides.Length == 0 ? file : HoconConfig.Parse(overrides.ToString()).WithFallback(file);
        return HealthSetup.Load(config, TimeProvider.System) with { Node = nodeName };
    }

    /// <summary>Lists, objects and quoted strings pass as written; anything else becomes a quoted string (HOCON reads "2s" as a duration too).</summary>
    private static string HoconValue(string value) =>
        value.Length > 0 && (value[0] is '[' or '{' or '"') ? value : JsonSerializer.Serialize(value, NodeHealthJsonContext.Default.String);
}
