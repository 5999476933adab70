using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration;

/// <summary>A HOCON file or text as a Microsoft.Extensions.Configuration source. Set either <see cref="Path"/> or <see cref="Text"/>.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>The file to read; includes inside it are relative to its directory.</summary>
    public string? Path { get; init; }

    /// <summary>HOCON text to read when no <see cref="Path"/> is set.</summary>
    public string? Text { get; init; }

    /// <summary>The name errors show for <see cref="Text"/>.</summary>
    public string? SourceName { get; init; }

    /// <summary>When true a missing <see cref="Path"/> yields no keys instead of an error.</summary>
    public bool Optional { get; init; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
