namespace FtActors.Images;

/// <summary>
/// A guest image could not be read: it is truncated, has the wrong magic, or carries a record this reader
/// does not accept. Says which file, at which byte offset, what the reader expected there and what it found.
/// </summary>
/// <remarks>
/// Derives from <see cref="Exception"/>: FtActors.Images depends only on FtActors.Pages, which has no
/// <c>FtActorsException</c> base yet.
/// </remarks>
public sealed class ImageFormatException : Exception
{
    /// <summary>Creates the exception; the message names all four facts.</summary>
    public ImageFormatException(string file, long offset, string expected, string found)
        : base($"{file}: at byte {offset} (0x{offset:x}): expected {expected}, found {found}")
    {
        File = file;
        Offset = offset;
        Expected = expected;
        Found = found;
    }

    /// <summary>Creates the exception around a lower-level I/O failure at a known place.</summary>
    public ImageFormatException(string file, long offset, string expected, string found, Exception inner)
        : base($"{file}: at byte {offset} (0x{offset:x}): expected {expected}, found {found}", inner)
    {
        File = file;
        Offset = offset;
        Expected = expected;
        Found = found;
    }

    public ImageFormatException()
        : this("(unknown)", 0, "a readable image", "an error")
    {
    }

    public ImageFormatException(string message)
        : base(message)
    {
        File = "(unknown)";
        Expected = "a readable image";
        Found = message;
    }

    public ImageFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "(unknown)";
        Expected = "a readable image";
        Found = message;
    }

    /// <summary>Path of the image file as it was given to the reader.</summary>
    public string File { get; }

    /// <summary>Byte offset in the file where the problem was detected.</summary>
    public long Offset { get; }

    /// <summary>What the format requires at <see cref="Offset"/>.</summary>
    public string Expected { get; }

    /// <summary>What the file holds there instead.</summary>
    public string Found { get; }
}
