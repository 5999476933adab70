using System.Collections;
using System.Text.Json;
using FtActors.Cluster;
using FtActors.Config;
using FtActors.Config.Configuration;
using FtActors.Health;

namespace FtActors.Node;

/// <summary>
/// The node's health setup: the <c>ftactors.health</c> section of its HOCON file, then <c>FTACTORS__HEALTH__...</c>
/// environment variables, then the command line's <c>--set ftactors.health...</c> overrides (the same order as the
/// rest of the node's configuration, <see cref="NodeConfiguration"/>), named after the node. The health library
/// reads HOCON rather than the layered <c>IConfiguration</c>, so both override layers are written here as HOCON
/// assignments and laid over the file.
/// </summary>
public static class NodeHealthConfig
{
    private const string EnvironmentPrefix = "FTACTORS__HEALTH__";

    /// <summary>Loads the setup from the process environment; <paramref name="nodeName"/> is the name predictions carry.</summary>
    /// <exception cref="HealthFormatException">A health setting is invalid.</exception>
    /// <exception cref="ClusterException">An override is not key=value.</exception>
    /// <exception cref="HoconException">The file, or an override's value, is not valid HOCON.</exception>
    public static HealthSetup Load(string configPath, IEnumerable<string> sets, string nodeName) =>
        Load(configPath, sets, nodeName, null);

    /// <summary>
    /// Loads the setup with <paramref name="environment"/> standing in for the process environment (null reads the
    /// process's own): <c>FTACTORS__HEALTH__SOURCES__IPMI_SEL__ENABLED=true</c> sets
    /// <c>ftactors.health.sources.ipmi-sel.enabled</c>, the mapping <see cref="KebabEnvironmentVariablesSource"/> uses.
    /// </summary>
    /// <exception cref="HealthFormatException">A health setting is invalid.</exception>
    /// <exception cref="ClusterException">An override is not key=value.</exception>
    /// <exception cref="HoconException">The file, or an override's value, is not valid HOCON.</exception>
    public static HealthSetup Load(string configPath, IEnumerable<string> sets, string nodeName, IReadOnlyDictionary<string, string>? environment)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var commandLine = new System.Text.StringBuilder();
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

            Assign(commandLine, key.Split('.'), set[(eq + 1)..].Trim());
        }

        var variables = new System.Text.StringBuilder();
        foreach (var (name, value) in Variables(environment).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            if (name.Length > EnvironmentPrefix.Length && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                Assign(variables, KebabEnvironmentVariablesSource.ToKey(name).Split(':'), value.Trim());
            }
        }

        var config = HoconConfig.ParseFile(configPath);
        if (variables.Length > 0)
        {
            config = HoconConfig.Parse(variables.ToString(), new HoconParseOptions { SourceName = "environment (FTACTORS__HEALTH__...)" }).WithFallback(config);
        }

        if (commandLine.Length > 0)
        {
            config = HoconConfig.Parse(commandLine.ToString(), new HoconParseOptions { SourceName = "--set" }).WithFallback(config);
        }

        return HealthSetup.Load(config, TimeProvider.System) with { Node = nodeName };
    }

    private static IEnumerable<(string Name, string Value)> Variables(IReadOnlyDictionary<string, string>? environment) =>
        environment is not null
            ? environment.Select(kv => (kv.Key, kv.Value))
            : Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().Select(e => ((string)e.Key, e.Value as string ?? string.Empty));

    /// <summary>One HOCON assignment; every path segment is quoted, so a command source named "nhc-2" or "a.b" stays one segment.</summary>
    private static void Assign(System.Text.StringBuilder into, IEnumerable<string> path, string value)
    {
        into.AppendJoin('.', path.Select(Quote)).Append(" = ").Append(HoconValue(value)).Append('\n');
    }

    private static string Quote(string segment) => JsonSerializer.Serialize(segment, NodeHealthJsonContext.Default.String);

    /// <summary>Lists, objects and quoted strings pass as written; anything else becomes a quoted string (HOCON reads "2s" as a duration too).</summary>
    private static string HoconValue(string value) =>
        value.Length > 0 && (value[0] is '[' or '{' or '"') ? value : Quote(value);
}
