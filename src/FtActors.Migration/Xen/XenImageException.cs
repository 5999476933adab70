namespace FtActors.Migration.Xen;

/// <summary>
/// A Xen save image cannot be moved: it is not a Xen save, it is truncated, or a field is out of range.
/// Names the file, the byte offset, what was expected there and what was found.
/// </summary>
public sealed class XenImageException : MigrationException
{
    /// <summary>Creates the exception for a fault at <paramref name="offset"/> of <paramref name="file"/>.</summary>
    public XenImageException(string file, long offset, string expected, string found)
        : base($"{file} at offset {offset}: expected {expected}, found {found}")
    {
        File = file;
        Offset = offset;
        Expected = expected;
        Found = found;
    }

    /// <summary>Creates the exception when the project's image reader refused the file first.</summary>
    public XenImageException(string file, long offset, string expected, string found, Exception innerException)
        : base($"{file} at offset {offset}: expected {expected}, found {found}", innerException)
    {
        File = file;
        Offset = offset;
        Expected = expected;
        Found = found;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public XenImageException()
    {
        File = Expected = Found = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public XenImageException(string message)
        : base(message)
    {
        File = Expected = Found = "";
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XenImageException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = Expected = Found = "";
    }

    /// <summary>The image file.</summary>
    public string File { get; }

    /// <summary>Byte offset in the file where the fault was found.</summary>
    public long Offset { get; }

    /// <summary>What the layout required there.</summary>
    public string Expected { get; }

    /// <summary>What the file held instead.</summary>
    public string Found { get; }
}
