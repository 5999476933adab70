using System.Buffers.Binary;
using FtActors.Migration.Wire;

namespace FtActors.Migration.Xen;

/// <summary>
/// Payloads of the Xen image move's own frames. XenLayout: <c>u32 count | count x (u64 file offset, u32 pages)</c>,
/// little endian, at most <see cref="RunsPerFrame"/> runs a frame. XenRecords: raw image bytes, at most
/// <see cref="RecordBytesPerFrame"/> a frame, the correlation giving their file offset.
/// </summary>
public static class XenWire
{
    /// <summary>Most runs one XenLayout frame carries (786 KiB).</summary>
    public const int RunsPerFrame = 65_536;

    /// <summary>Most record bytes one XenRecords frame carries.</summary>
    public const int RecordBytesPerFrame = 1 << 20;

    private const int RunBytes = 12;

    /// <summary>Encodes <paramref name="runs"/> (at most <see cref="RunsPerFrame"/>) as a XenLayout payload.</summary>
    public static byte[] EncodeRuns(ReadOnlySpan<XenPageRun> runs)
    {
        if (runs.Length is 0 or > RunsPerFrame)
        {
            throw new ArgumentException($"1 to {RunsPerFrame} runs were expected, found {runs.Length}", nameof(runs));
        }

        var payload = new byte[4 + (runs.Length * RunBytes)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)runs.Length);
        for (int i = 0; i < runs.Length; i++)
        {
            var at = payload.AsSpan(4 + (i * RunBytes));
            BinaryPrimitives.WriteInt64LittleEndian(at, runs[i].FileOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(at[8..], (uint)runs[i].Pages);
        }

        return payload;
    }

    /// <summary>Decodes a XenLayout payload into <paramref name="into"/>.</summary>
    /// <exception cref="PageProtocolException">The count is out of range or does not match the payload length, or a field is out of range.</exception>
    public static void DecodeRuns(ReadOnlySpan<byte> payload, List<XenPageRun> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (payload.Length < 4)
        {
            throw new PageProtocolException("a XenLayout payload of at least 4 bytes", $"{payload.Length} bytes", 0);
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (count is 0 or > RunsPerFrame || payload.Length != 4 + ((long)count * RunBytes))
        {
            throw new PageProtocolException($"a run count of 1..{RunsPerFrame} matching the {payload.Length}-byte payload", $"{count}", 0);
        }

        for (int i = 0; i < count; i++)
        {
            var at = payload[(4 + (i * RunBytes))..];
            long offset = BinaryPrimitives.ReadInt64LittleEndian(at);
            uint pages = BinaryPrimitives.ReadUInt32LittleEndian(at[8..]);
            if (offset < 0 || pages is 0 or > int.MaxValue)
            {
                throw new PageProtocolException("a run with a file offset >= 0 and 1.. pages", $"offset {offset}, {pages} pages", 4 + (i * RunBytes));
            }

            into.Add(new XenPageRun(offset, (int)pages));
        }
    }
}
