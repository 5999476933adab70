namespace FtActors.Kernel.Persistence;

/// <summary>A stored payload could not be read as the type its manifest names (corrupt or incompatible bytes).</summary>
public sealed class EventPayloadException : FtActorsException
{
    /// <summary>Creates the exception; <paramref name="byteOffset"/> is where the reader stopped, if known.</summary>
    public EventPayloadException(string manifest, int formatVersion, long? byteOffset, Exception innerException)
        : base($"Payload of '{manifest}' version {formatVersion} expected valid JSON for its registered type, found invalid data{(byteOffset is { } o ? $" at byte {o}" : string.Empty)}: {innerException?.Message}", innerException)
    {
        Manifest = manifest;
        FormatVersion = formatVersion;
        ByteOffset = byteOffset;
    }

    /// <summary>The manifest of the payload.</summary>
    public string Manifest { get; }

    /// <summary>Its format version.</summary>
    public int FormatVersion { get; }

    /// <summary>Byte offset (within the line, for single-line JSON the payload) where reading failed, if known.</summary>
    public long? ByteOffset { get; }
}
