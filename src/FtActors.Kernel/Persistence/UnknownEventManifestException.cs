namespace FtActors.Kernel.Persistence;

/// <summary>A stored payload names a manifest and version no registered type matches; recovery stops on it.</summary>
public sealed class UnknownEventManifestException : FtActorsException
{
    /// <summary>Creates the exception naming the manifest and version found.</summary>
    public UnknownEventManifestException(string manifest, int formatVersion)
        : base($"Expected a registered event manifest, found '{manifest}' version {formatVersion}; register it with EventSerializerRegistry.Register.")
    {
        Manifest = manifest;
        FormatVersion = formatVersion;
    }

    /// <summary>The unknown manifest.</summary>
    public string Manifest { get; }

    /// <summary>Its format version.</summary>
    public int FormatVersion { get; }
}
