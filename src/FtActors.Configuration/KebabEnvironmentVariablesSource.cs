using System.Collections;
using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration;

/// <summary>
/// Environment variables as overrides for kebab-case HOCON keys. Shells cannot export names with
/// '-', so <c>FTACTORS__CLUSTER__HEARTBEAT_INTERVAL=2s</c> maps to the key
/// <c>ftactors:cluster:heartbeat-interval</c>: "__" separates levels, '_' within a level becomes '-',
/// and names are lower-cased. The prefix's own level is kept, because the FtActors HOCON files put
/// everything under a root <c>ftactors</c> object.
/// </summary>
public sealed class KebabEnvironmentVariablesSource : IConfigurationSource
{
    /// <summary>Only variables whose name starts with this (ignoring case) are read.</summary>
    public string Prefix { get; init; } = "FTACTORS__";

    /// <summary>The variables to read; null reads the process environment (tests inject a dictionary).</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this);

    /// <summary>The configuration key an environment variable name maps to.</summary>
    public static string ToKey(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var levels = variable.Split("__");
        return string.Join(ConfigurationPath.KeyDelimiter, levels.Select(l => l.ToLowerInvariant().Replace('_', '-')));
    }

    private sealed class Provider(KebabEnvironmentVariablesSource source) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in Read())
            {
                if (name.StartsWith(source.Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    data[ToKey(name)] = value;
                }
            }

            Data = data;
        }

        private IEnumerable<(string Name, string Value)> Read()
        {
            if (source.Variables is not null)
            {
                return source.Variables.Select(kv => (kv.Key, kv.Value));
            }

            return Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                .Select(e => ((string)e.Key, e.Value as string ?? string.Empty));
        }
    }
}
