using System.Buffers.Binary;
using System.Text;

namespace FtActors.Images;

/// <summary>
/// Sequential reading of a format's headers and records with the file offset always known, so every error
/// names the byte where it happened. Truncation becomes an <see cref="ImageFormatException"/>.
/// </summary>
internal sealed class ImageCursor : IDisposable
{
    private readonly FileStream _stream;
    private readonly byte[] _scratch = new byte[8];

    public ImageCursor(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        Length = _stream.Length;
    }

    public string Path { get; }

    public long Length { get; }

    public long Position
    {
        get => _stream.Position;
        set
        {
            if (value < 0 || value > Length)
            {
                throw Error(value, "an offset inside the file", $"offset {value} beyond its {Length} bytes");
            }

            _stream.Position = value;
        }
    }

    public long Remaining => Length - _stream.Position;

    /// <summary>Big-endian unless told otherwise: QEMU streams and the libxc/libxl headers are big-endian.</summary>
    public bool BigEndian { get; set; } = true;

    public ImageFormatException Error(string expected, string found) => new(Path, _stream.Position, expected, found);

    public ImageFormatException Error(long offset, string expected, string found) => new(Path, offset, expected, found);

    public void ReadExactly(Span<byte> destination, string what)
    {
        if (Remaining < destination.Length)
        {
            throw Error($"{destination.Length} bytes of {what}", $"end of file after {Remaining} bytes");
        }

        _stream.ReadExactly(destination);
    }

    public byte ReadU8(string what)
    {
        ReadExactly(_scratch.AsSpan(0, 1), what);
        return _scratch[0];
    }

    public ushort ReadU16(string what)
    {
        ReadExactly(_scratch.AsSpan(0, 2), what);
        return BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_scratch) : BinaryPrimitives.ReadUInt16LittleEndian(_scratch);
    }

    public uint ReadU32(string what)
    {
        ReadExactly(_scratch.AsSpan(0, 4), what);
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_scratch) : BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
    }

    public ulong ReadU64(string what)
    {
        ReadExactly(_scratch.AsSpan(0, 8), what);
        return BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(_scratch) : BinaryPrimitives.ReadUInt64LittleEndian(_scratch);
    }

    /// <summary>Reads a native "unsigned long" of the given width (4 or 8) in the cursor's byte order.</summary>
    public ulong ReadWord(int width, string what) => width == 8 ? ReadU64(what) : ReadU32(what);

    public byte[] ReadBytes(int count, string what)
    {
        var bytes = new byte[count];
        ReadExactly(bytes, what);
        return bytes;
    }

    /// <summary>A QEMU counted string: one length byte, then that many bytes, no NUL.</summary>
    public string ReadCountedString(string what)
    {
        int length = ReadU8(what + " length");
        Span<byte> text = stackalloc byte[length];
        ReadExactly(text, what);
        return Encoding.Latin1.GetString(text);
    }

    public void Skip(long count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error($"{count} bytes of {what}", $"end of file after {Remaining} bytes");
        }

        _stream.Seek(count, SeekOrigin.Current);
    }

    public void Dispose() => _stream.Dispose();
}
