using System.Collections;
using System.Text.Json;
using Config = Akka.Configuration.Config;
using FtActors.Configuration;
using FtActors.Health;

namespace FtActors.Node;

/// <summary>
/// The node's health setup: the <c>ftactors.health</c> section of its HOCON file, then <c>FTACTORS__HEALTH__...</c>
/// environment variables, then the command line's <c>--set ftactors.health...</c> overrides (the same order as the
/// rest of the node's configuration, <see cref="NodeConfiguration"/>), named after the node. The health library
/// reads Akka's <see cref="Config"/> rather than the layered <c>IConfiguration</c>, so both override layers are
/// written here as HOCON assignments and laid over the file with <see cref="Config.WithFallback"/>.
/// </summary>
public static class NodeHealthConfig
{
    private const string EnvironmentPrefix = "FTACTORS__HEALTH__";

    /// <summary>Loads the setup from the process environment; <paramref name="nodeName"/> is the name predictions carry.</summary>
    /// <exception cref="HealthFormatException">A health setting is invalid.</exception>
    /// <exception cref="ConfigurationException">An override is not key=value.</exception>
    /// <exception cref="ConfigurationException">The file, or an override's value, is not valid.</exception>
    public static HealthSetup Load(string configPath, IEnumerable<string> sets, string nodeName) =>
        Load(HoconLoader.LoadFile(configPath), sets, nodeName, null);

    /// <summary>
    /// Loads the setup with <paramref name="environment"/> standing in for the process environment (null reads the
    /// process's own): <c>FTACTORS__HEALTH__SOURCES__IPMI_SEL__ENABLED=true</c> sets
    /// <c>ftactors.health.sources.ipmi-sel.enabled</c>, the mapping <see cref="KebabEnvironmentVariablesSource"/> uses.
    /// </summary>
    /// <exception cref="HealthFormatException">A health setting is invalid.</exception>
    /// <exception cref="ConfigurationException">An override is not key=value.</exception>
    /// <exception cref="ConfigurationException">The file, or an override's value, is not valid.</exception>
    public static HealthSetup Load(string configPath, IEnumerable<string> sets, string nodeName, IReadOnlyDictionary<string, string>? environment) =>
        Load(HoconLoader.LoadFile(configPath), sets, nodeName, environment);

    /// <summary>Lays the overrides over <paramref name="file"/>, the node's already parsed HOCON file, and loads the setup.</summary>
    /// <exception cref="HealthFormatException">A health setting is invalid.</exception>
    /// <exception cref="ConfigurationException">An override is not key=value.</exception>
    /// <exception cref="ConfigurationException">An override's value is not valid.</exception>
    public static HealthSetup Load(Config file, IEnumerable<string> sets, string nodeName, IReadOnlyDictionary<string, string>? environment)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(sets);
        var commandLine = new System.Text.StringBuilder();
        foreach (var set in sets)
        {
            var eq = set.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ConfigurationException($"--set: expected key=value, found \"{set}\"");
            }

            var key = set[..eq].Trim();
            if (!key.StartsWith("ftactors.health.", StringComparison.Ordinal))
            {
                continue;
            }

            Assign(commandLine, key.Split('.'), set[(eq + 1)..].Trim(), "--set " + key);
        }

        var variables = new System.Text.StringBuilder();
        foreach (var (name, value) in Variables(environment).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            if (name.Length > EnvironmentPrefix.Length && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                Assign(variables, KebabEnvironmentVariablesSource.ToKey(name).Split(':'), value.Trim(), name);
            }
        }

        var config = file;
        if (variables.Length > 0)
        {
            config = HoconLoader.Parse(variables.ToString(), "environment (FTACTORS__HEALTH__...)").WithFallback(config);
        }

        if (commandLine.Length > 0)
        {
            config = HoconLoader.Parse(commandLine.ToString(), "--set").WithFallback(config);
        }

        return HealthSetup.Load(config, TimeProvider.System) with { Node = nodeName };
    }

    private static IEnumerable<(string Name, string Value)> Variables(IReadOnlyDictionary<string, string>? environment) =>
        environment is not null
            ? environment.Select(kv => (kv.Key, kv.Value))
            : Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().Select(e => ((string)e.Key, e.Value as string ?? string.Empty));

    /// <summary>
    /// One HOCON assignment that only ever holds quoted keys and quoted strings: every path segment is quoted (a
    /// command source named "nhc-2" or "a.b" stays one segment), and the value is a string or a JSON list of strings.
    /// Akka's parser therefore never sees override text as HOCON syntax, which it can misread or loop on.
    /// </summary>
    private static void Assign(System.Text.StringBuilder into, string[] path, string value, string origin)
    {
        if (path.Any(string.IsNullOrEmpty))
        {
            throw new ConfigurationException($"{origin}: expected a setting name without empty levels, found '{string.Join('.', path)}'", string.Join('.', path), null, 0, 0);
        }

        into.AppendJoin('.', path.Select(Quote)).Append(" = ").Append(HoconValue(value, origin, string.Join('.', path))).Append('\n');
    }

    private static string Quote(string segment) => JsonSerializer.Serialize(segment, NodeHealthJsonContext.Default.String);

    /// <summary>A JSON list of strings stays a list, a JSON string loses its quotes, anything else is taken as text ("2s" reads as a duration too).</summary>
    private static string HoconValue(string value, string origin, string path)
    {
        if (value.Length == 0 || value[0] is not ('[' or '{' or '"'))
        {
            return Quote(value);
        }

        try
        {
            using var json = JsonDocument.Parse(value);
            return json.RootElement.ValueKind switch
            {
                JsonValueKind.String => Quote(json.RootElement.GetString()!),
                JsonValueKind.Array when json.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                    "[" + string.Join(", ", json.RootElement.EnumerateArray().Select(e => Quote(e.GetString()!))) + "]",
                _ => throw Wrong(value, origin, path, null),
            };
        }
        catch (JsonException e)
        {
            throw Wrong(value, origin, path, e);
        }
    }

    private static ConfigurationException Wrong(string value, string origin, string path, Exception? inner) =>
        new($"{origin}: expected text, a quoted string or a JSON list of strings such as [\"/usr/sbin/nhc\", \"-t\", \"25\"], found '{value}'", path, null, 0, 0, inner);
}
