namespace FtActors.Store;

/// <summary>
/// A store written in a format version this reader must not read: a newer major version, or a newer minor
/// version that declares older minors unable to read it. The message names both versions.
/// </summary>
public sealed class StoreVersionException : StoreException
{
    /// <summary>Creates the exception for a file of <paramref name="fileVersion"/> met by this reader.</summary>
    public StoreVersionException(string file, string fileVersion, string readerVersion, string reason)
        : base($"{file}: store format {fileVersion} cannot be read by this reader (format {readerVersion}): {reason}")
    {
        File = file;
        FileVersion = fileVersion;
        ReaderVersion = readerVersion;
    }

    /// <summary>The file that was refused.</summary>
    public string File { get; }

    /// <summary>The format version the file declares, as "major.minor".</summary>
    public string FileVersion { get; }

    /// <summary>The newest format version this reader knows, as "major.minor".</summary>
    public string ReaderVersion { get; }
}
