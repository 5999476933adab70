using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace FtActors.Config.Configuration;

/// <summary>
/// Flattens a resolved HOCON tree into configuration keys: object paths join with ':'
/// (<c>cluster:heartbeat-interval</c>) and array elements are numbered (<c>cluster:seed-nodes:0</c>).
/// Values are the scalar text as written (durations and sizes stay strings such as <c>1s</c>); a
/// HOCON <c>null</c> becomes a key with a null value. Empty objects and arrays produce no keys.
/// </summary>
public sealed class HoconConfigurationProvider : ConfigurationProvider
{
    private readonly HoconConfigurationSource _source;

    /// <summary>Creates a provider for <paramref name="source"/>; nothing is read until <see cref="Load"/>.</summary>
    public HoconConfigurationProvider(HoconConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>Reads and resolves the HOCON source; throws <see cref="HoconException"/> on bad input.</summary>
    public override void Load()
    {
        HoconConfig config;
        if (_source.Path is { } path)
        {
            if (!File.Exists(path))
            {
                if (_source.Optional)
                {
                    Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                    return;
                }

                throw new HoconException($"expected the configuration file {Path.GetFullPath(path)} to exist, found none (pass optional: true if it may be absent)", null, path, 0, 0);
            }

            config = HoconConfig.ParseFile(path, _source.Options);
        }
        else
        {
            config = HoconConfig.Parse(_source.Text ?? string.Empty, _source.Options);
        }

        Data = Flatten(config.Root);
    }

    /// <summary>The configuration keys and values a resolved tree maps to.</summary>
    public static Dictionary<string, string?> Flatten(HoconObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root)
        {
            Add(data, key, value);
        }

        return data;
    }

    private static void Add(Dictionary<string, string?> data, string prefix, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                foreach (var (key, child) in obj)
                {
                    Add(data, prefix + ConfigurationPath.KeyDelimiter + key, child);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Add(data, prefix + ConfigurationPath.KeyDelimiter + i.ToString(CultureInfo.InvariantCulture), array[i]);
                }

                break;
            case HoconScalar { Kind: HoconValueKind.Null }:
                data[prefix] = null;
                break;
            case HoconScalar scalar:
                data[prefix] = scalar.Text;
                break;
        }
    }
}
