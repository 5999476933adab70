using System.Buffers.Binary;
using System.Text;
using FtActors.Images;
using FtActors.Migration.Wire;
using FtActors.Pages;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Migration.Xen;

/// <summary>
/// Where the guest pages of a Xen save image lie: the page runs in file order (every PAGE_DATA record's
/// pages, or every legacy batch's pages up to the end of memory) and, by difference, the "records": every
/// other byte (headers, configs, PAGE_DATA entry arrays, vCPU and p2m records, emulator state, the legacy
/// tail). A move sends the pages through the page protocol and the records verbatim, so the spare can
/// put both back at the same offsets and get the same file.
/// </summary>
/// <remarks>
/// The walk follows the layouts the project's reader (<see cref="ImageReader"/>) takes: <c>xl save</c> with a
/// libxl v2 stream or a legacy stream, bare libxl and libxc v2/v3 streams, and the 2006 <c>xm save</c>
/// layout. It only locates page data; the reader remains the judge of a page's pfn and type.
/// </remarks>
public sealed class XenImageLayout
{
    private const int MaxBatch = 1024;
    private const uint MaxRecordLength = 128u << 20;
    private static readonly byte[] s_xlMagic = Encoding.ASCII.GetBytes("Xen saved domain, xl format\n \0 \r");
    private static readonly byte[] s_legacyMagic = Encoding.ASCII.GetBytes("LinuxGuestRecord");

    private XenImageLayout(long fileLength, IReadOnlyList<XenPageRun> runs, long slots, long pageTableSlots)
    {
        FileLength = fileLength;
        Runs = runs;
        SlotCount = slots;
        PageTableSlots = pageTableSlots;
        SkeletonBytes = fileLength - (slots * PageSize.Bytes);
    }

    /// <summary>Length of the image file in bytes.</summary>
    public long FileLength { get; }

    /// <summary>The page runs in ascending file order, disjoint.</summary>
    public IReadOnlyList<XenPageRun> Runs { get; }

    /// <summary>Pages in all runs: the number of page slots a move sends.</summary>
    public long SlotCount { get; }

    /// <summary>Slots typed as PV pagetables (L1-L4, pinned or not) by the save.</summary>
    public long PageTableSlots { get; }

    /// <summary>Bytes outside the runs: the records sent verbatim.</summary>
    public long SkeletonBytes { get; }

    /// <summary>The byte ranges outside the runs, in file order (the records a move copies).</summary>
    public IEnumerable<(long Offset, long Length)> Gaps()
    {
        long at = 0;
        foreach (var run in Runs)
        {
            if (run.FileOffset > at)
            {
                yield return (at, run.FileOffset - at);
            }

            at = run.End;
        }

        if (FileLength > at)
        {
            yield return (at, FileLength - at);
        }
    }

    /// <summary>
    /// Walks <paramref name="path"/>, a save image the project's reader detected as <paramref name="format"/>.
    /// </summary>
    /// <exception cref="XenImageException">The format is not a Xen save, or the walk finds a field out of range or the file truncated.</exception>
    public static XenImageLayout Scan(string path, ImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var walker = new Walker(path, handle);
        switch (format)
        {
            case ImageFormat.XenXl:
                walker.Xl();
                break;
            case ImageFormat.XenLibxl:
                walker.Libxl();
                break;
            case ImageFormat.XenLibxc:
                walker.Libxc();
                break;
            case ImageFormat.XenLegacy:
                walker.Xend();
                break;
            default:
                throw new XenImageException(path, 0, "a Xen save image (xl, libxl, libxc or xm save)", $"a {ImageReader.Name(format)} image");
        }

        return new XenImageLayout(walker.Length, walker.Runs, walker.Slots, walker.PageTables);
    }

    /// <summary>
    /// Rebuilds a layout from runs received over the wire, checking they ascend, do not overlap and lie
    /// inside a file of <paramref name="fileLength"/> bytes.
    /// </summary>
    /// <exception cref="PageProtocolException">The runs break one of those rules; the message names the run.</exception>
    public static XenImageLayout FromRuns(IReadOnlyList<XenPageRun> runs, long fileLength)
    {
        ArgumentNullException.ThrowIfNull(runs);
        long at = 0, slots = 0;
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            if (run.Pages < 1 || run.FileOffset < at || run.Pages > (fileLength - run.FileOffset) / PageSize.Bytes)
            {
                throw new PageProtocolException(
                    $"run {i} of at least one page starting at or after offset {at} and ending inside the {fileLength}-byte image",
                    $"{run.Pages} pages at offset {run.FileOffset}", 0);
            }

            at = run.End;
            slots += run.Pages;
        }

        return new XenImageLayout(fileLength, runs, slots, 0);
    }

    /// <summary>A forward-only walk over the image's structure with positional reads.</summary>
    private sealed class Walker(string path, SafeFileHandle handle)
    {
        private readonly byte[] _window = new byte[64 << 10];
        private long _windowStart;
        private int _windowLength;

        public long Length { get; } = RandomAccess.GetLength(handle);

        public List<XenPageRun> Runs { get; } = [];

        public long Slots { get; private set; }

        public long PageTables { get; private set; }

        private long Position { get; set; }

        private bool BigEndian { get; set; }

        public void Xl()
        {
            Expect(s_xlMagic, "the xl magic");
            var order = Read(4, "the xl byte-order marker");
            BigEndian = order[0] == 1;
            Position -= 4;
            if (U32("the xl byte-order marker") != 0x01020304)
            {
                throw Error(Position - 4, "byte-order marker 0x01020304", Convert.ToHexString(order));
            }

            uint mandatory = U32("the xl mandatory flags");
            U32("the xl optional flags");
            uint optional = U32("the xl optional data length");
            Skip(optional, "the xl optional data");
            if ((mandatory & 2) != 0)
            {
                Libxl();
            }
            else
            {
                Legacy();
            }
        }

        public void Libxl()
        {
            BigEndian = true;
            long start = Position;
            if (U64("the libxl ident") != 0x4c6962786c466d74)
            {
                throw Error(start, "the libxl ident \"LibxlFmt\"", "other bytes");
            }

            U32("the libxl version");
            bool bigEndian = (U32("the libxl options") & 1) != 0;
            while (true)
            {
                BigEndian = bigEndian;
                long at = Position;
                uint type = U32("a libxl record type");
                uint length = RecordLength(at);
                switch (type)
                {
                    case 0:
                        Skip(Padded(length), "the END record");
                        return;
                    case 1:
                        Libxc();
                        break;
                    default:
                        Skip(Padded(length), $"a libxl record body of type {type}");
                        break;
                }
            }
        }

        public void Libxc()
        {
            BigEndian = true;
            long start = Position;
            ulong marker = U64("the libxc marker");
            uint id = U32("the libxc id");
            if (marker != ulong.MaxValue || id != 0x58454E46)
            {
                throw Error(start, "the libxc marker FFFFFFFFFFFFFFFF + \"XENF\"", $"0x{marker:x16} 0x{id:x8}");
            }

            U32("the libxc version");
            BigEndian = (U16("the libxc options") & 1) != 0;
            Skip(6 + 16, "the libxc reserved bytes and domain header");
            while (true)
            {
                long at = Position;
                uint type = U32("a libxc record type");
                uint length = RecordLength(at);
                if (type == 0)
                {
                    Skip(Padded(length), "the END record");
                    return;
                }

                long body = Position;
                if (type == 1)
                {
                    PageData(at, length);
                }

                Position = body;
                Skip(Padded(length), $"a libxc record body of type 0x{type:x}");
            }
        }

        public void Xend()
        {
            Expect(s_legacyMagic, "the xend magic LinuxGuestRecord");
            BigEndian = true;
            uint config = U32("the SXP config length");
            Skip(config, "the SXP config");
            Legacy();
        }

        /// <summary>The 2006 stream: words of 4 or 8 bytes (guessed as the reader does), batches until 0 or -1; the rest is tail.</summary>
        private void Legacy()
        {
            BigEndian = false;
            long start = Position;
            var first = Read(8, "the legacy max_pfn");
            int word = first[4] == 0 && first[5] == 0 && first[6] == 0 && first[7] == 0 ? 8 : 4;
            Position = start;
            ulong maxPfn = Word(word, "max_pfn");
            if (maxPfn is 0 or > (16u << 20))
            {
                throw Error(start, $"max_pfn 1..{16u << 20}", $"{maxPfn}");
            }

            long peek = Position;
            if (Word(word, "the p2m frame list or ext-info marker") == (word == 8 ? ulong.MaxValue : uint.MaxValue))
            {
                Skip(U32("the ext-info size"), "the ext-info chunks");
            }
            else
            {
                Position = peek;
            }

            ulong perFrame = (ulong)(PageSize.Bytes / word);
            Skip((long)((maxPfn + perFrame - 1) / perFrame) * word, "the p2m frame list");
            while (true)
            {
                long at = Position;
                int count = (int)U32("a batch count");
                if (count is 0 or -1)
                {
                    // 0 ends memory; -1 starts verify mode, whose debug copies the reader ignores: both travel as records.
                    return;
                }

                if (count is < 0 or > MaxBatch)
                {
                    throw Error(at, $"a batch count of 1..{MaxBatch}, 0 (end) or -1 (verify)", $"{count}");
                }

                int pages = 0;
                for (int i = 0; i < count; i++)
                {
                    uint type = (uint)(Word(word, "a batch entry") >> 28) & 0xF;
                    if (type != 0xF)
                    {
                        pages++;
                    }

                    if (type is (>= 1 and <= 4) or (>= 9 and <= 12))
                    {
                        PageTables++;
                    }
                }

                AddRun(pages);
            }
        }

        private void PageData(long at, uint length)
        {
            if (length < 8)
            {
                throw Error(at, "a PAGE_DATA body of at least 8 bytes", $"{length} bytes");
            }

            uint count = U32("the PAGE_DATA count");
            Skip(4, "the PAGE_DATA reserved word");
            if (count is 0 or > MaxBatch || 8 + (8L * count) > length)
            {
                throw Error(at + 8, $"a PAGE_DATA count of 1..{MaxBatch} whose entries fit the {length}-byte body", $"count {count}");
            }

            int pages = 0;
            for (int i = 0; i < count; i++)
            {
                int type = (int)(U64("a PAGE_DATA entry") >> 60);
                if (type < 13)
                {
                    pages++;
                }

                if (type is (>= 1 and <= 4) or (>= 9 and <= 12))
                {
                    PageTables++;
                }
            }

            long expected = 8 + (8L * count) + ((long)pages * PageSize.Bytes);
            if (length != expected)
            {
                throw Error(at + 4, $"a PAGE_DATA body of {expected} bytes ({count} entries, {pages} pages)", $"{length} bytes");
            }

            AddRun(pages);
        }

        private void AddRun(int pages)
        {
            if (pages == 0)
            {
                return;
            }

            long bytes = (long)pages * PageSize.Bytes;
            if (bytes > Length - Position)
            {
                throw Error(Position, $"{pages} pages of data", $"end of file after {Length - Position} bytes (truncated)");
            }

            Runs.Add(new XenPageRun(Position, pages));
            Slots += pages;
            Position += bytes;
        }

        private uint RecordLength(long at)
        {
            uint length = U32("a record length");
            if (length > MaxRecordLength)
            {
                throw Error(at + 4, $"a record body of at most {MaxRecordLength} bytes", $"length {length}");
            }

            return length;
        }

        private static long Padded(uint length) => (length + 7L) & ~7L;

        private void Expect(byte[] magic, string what)
        {
            if (!Read(magic.Length, what).AsSpan().SequenceEqual(magic))
            {
                throw Error(Position - magic.Length, what, "other bytes");
            }
        }

        private void Skip(long count, string what)
        {
            if (count > Length - Position)
            {
                throw Error(Position, $"{count} bytes of {what}", $"end of file after {Length - Position} bytes (truncated)");
            }

            Position += count;
        }

        private byte[] Read(int count, string what)
        {
            var bytes = new byte[count];
            Fill(count, what).CopyTo(bytes);
            return bytes;
        }

        private ushort U16(string what)
        {
            var b = Fill(2, what);
            return BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);
        }

        private uint U32(string what)
        {
            var b = Fill(4, what);
            return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
        }

        private ulong U64(string what)
        {
            var b = Fill(8, what);
            return BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
        }

        private ulong Word(int width, string what) => width == 8 ? U64(what) : U32(what);

        /// <summary>The next <paramref name="count"/> bytes (a field or a magic), from a 64 KiB window so entry arrays cost no syscall each.</summary>
        private ReadOnlySpan<byte> Fill(int count, string what)
        {
            if (count > Length - Position)
            {
                throw Error(Position, $"{count} bytes of {what}", $"end of file after {Length - Position} bytes (truncated)");
            }

            if (Position < _windowStart || Position + count > _windowStart + _windowLength)
            {
                _windowStart = Position;
                _windowLength = 0;
                int want = (int)Math.Min(_window.Length, Length - Position);
                while (_windowLength < want)
                {
                    int n = RandomAccess.Read(handle, _window.AsSpan(_windowLength, want - _windowLength), _windowStart + _windowLength);
                    if (n == 0)
                    {
                        throw Error(_windowStart + _windowLength, $"{count} bytes of {what}", "end of file");
                    }

                    _windowLength += n;
                }
            }

            var span = _window.AsSpan((int)(Position - _windowStart), count);
            Position += count;
            return span;
        }

        private XenImageException Error(long offset, string expected, string found) => new(path, offset, expected, found);
    }
}
