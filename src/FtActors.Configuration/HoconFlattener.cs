using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration;

/// <summary>
/// Turns an Akka <see cref="Config"/> into Microsoft.Extensions.Configuration keys: object paths joined with ':'
/// (<c>ftactors:cluster:heartbeat-interval</c>), list elements numbered (<c>ftactors:cluster:seed-nodes:0</c>),
/// HOCON <c>null</c> a key with a null value, every other value its scalar text (durations and sizes stay
/// <c>1s</c>, <c>8 MiB</c>). Empty objects and lists produce no key.
/// </summary>
public static class HoconFlattener
{
    /// <summary>The configuration keys and values <paramref name="config"/> maps to (keys case-insensitive).</summary>
    public static Dictionary<string, string?> Flatten(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!config.IsEmpty && config.Root.IsObject())
        {
            foreach (var (key, value) in config.Root.GetObject().Items)
            {
                Add(data, key, value);
            }
        }

        return data;
    }

    private static void Add(Dictionary<string, string?> data, string prefix, HoconValue value)
    {
        if (value.IsObject())
        {
            foreach (var (key, child) in value.GetObject().Items)
            {
                Add(data, prefix + ConfigurationPath.KeyDelimiter + key, child);
            }
        }
        else if (value.IsArray())
        {
            var items = value.GetArray();
            for (var i = 0; i < items.Count; i++)
            {
                Add(data, prefix + ConfigurationPath.KeyDelimiter + i.ToString(CultureInfo.InvariantCulture), items[i]);
            }
        }
        else if (value.IsString())
        {
            // Akka returns null for HOCON null (and, being unable to tell them apart, for the quoted string "null").
            data[prefix] = value.GetString();
        }

        // Anything else is an empty list, which Akka reports as neither a list nor text: no key, as for {}.
    }
}
