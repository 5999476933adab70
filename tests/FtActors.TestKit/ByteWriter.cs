using System.Buffers.Binary;
using System.Text;

namespace FtActors.TestKit;

/// <summary>Writes the published layouts field by field, in either byte order, for building test images (QEMU streams, Xen saves).</summary>
public sealed class ByteWriter
{
    // A growable byte list rather than a MemoryStream: nothing to dispose.
    private readonly List<byte> _bytes = [];

    public bool BigEndian { get; set; }

    public long Position => _bytes.Count;

    public ByteWriter U8(int value)
    {
        _bytes.Add((byte)value);
        return this;
    }

    public ByteWriter U16(int value)
    {
        Span<byte> b = stackalloc byte[2];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        }

        _bytes.AddRange(b);
        return this;
    }

    public ByteWriter U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }

        _bytes.AddRange(b);
        return this;
    }

    public ByteWriter U64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        }

        _bytes.AddRange(b);
        return this;
    }

    public ByteWriter Word(int width, ulong value) => width == 8 ? U64(value) : U32((uint)value);

    public ByteWriter Bytes(ReadOnlySpan<byte> bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public ByteWriter Ascii(string text) => Bytes(Encoding.ASCII.GetBytes(text));

    /// <summary>A QEMU counted string.</summary>
    public ByteWriter Counted(string text) => U8(text.Length).Ascii(text);

    public ByteWriter Zeros(long count)
    {
        for (long i = 0; i < count; i++)
        {
            _bytes.Add(0);
        }

        return this;
    }

    public ByteWriter PadTo8() => Zeros((8 - (_bytes.Count % 8)) % 8);

    public ByteWriter PadTo(long position) => Zeros(position - _bytes.Count);

    public byte[] ToArray() => _bytes.ToArray();
}
