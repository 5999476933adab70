using System.Globalization;

namespace FtActors.Store;

/// <summary>
/// A store file whose bytes are not what the format says: a bad magic, a checksum mismatch, a section
/// outside the file, an unsorted index. Carries what was expected, what was found, the file and the offset.
/// </summary>
public sealed class StoreCorruptException : StoreException
{
    /// <summary>Creates the exception; the message is built from the fields.</summary>
    public StoreCorruptException(string file, long offset, string expected, string found)
        : base(string.Create(CultureInfo.InvariantCulture, $"{file}: at offset {offset}: expected {expected}, found {found}"))
    {
        File = file;
        Offset = offset;
        Expected = expected;
        Found = found;
    }

    /// <summary>The store file that is wrong.</summary>
    public string File { get; }

    /// <summary>Byte offset in <see cref="File"/> of the field or section that is wrong.</summary>
    public long Offset { get; }

    /// <summary>What the format requires there.</summary>
    public string Expected { get; }

    /// <summary>What the file holds there.</summary>
    public string Found { get; }
}
