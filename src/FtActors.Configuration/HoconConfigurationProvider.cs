using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration;

/// <summary>
/// Reads its source once with <see cref="HoconLoader"/>, keeps the Akka <see cref="Config"/> (for the
/// ActorSystem) and offers it flattened by <see cref="HoconFlattener"/> as configuration keys (for options).
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

    /// <summary>The parsed file or text; empty before <see cref="Load"/> and for a missing optional file.</summary>
    public Config Config { get; private set; } = Config.Empty;

    /// <summary>Reads the source; throws <see cref="ConfigurationException"/> on bad input.</summary>
    public override void Load()
    {
        if (_source.Path is { } path && !File.Exists(path) && _source.Optional)
        {
            Config = Config.Empty;
        }
        else
        {
            Config = _source.Path is { } file
                ? HoconLoader.LoadFile(file)
                : HoconLoader.Parse(_source.Text ?? string.Empty, _source.SourceName);
        }

        Data = HoconFlattener.Flatten(Config);
    }
}
