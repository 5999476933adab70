using System.Globalization;
using System.Text;
using FtActors.Pages;

namespace FtActors.Images.Readers;

/// <summary>
/// Xen save images: <c>xl save</c> files (xl header, libxl v2, libxc v2/v3), bare libxl and libxc streams,
/// and the Xen 3.x <c>xm save</c> layout of 2006 ("LinuxGuestRecord", SXP config, legacy libxc batches).
/// Indexes pfn to file offset (later occurrences win); pages are read later by offset.
/// </summary>
internal sealed class XenSaveReader
{
    public static readonly byte[] XlMagic = Encoding.ASCII.GetBytes("Xen saved domain, xl format\n \0 \r");
    public static readonly byte[] LegacyMagic = Encoding.ASCII.GetBytes("LinuxGuestRecord");
    public static readonly byte[] LibxlMagic = Encoding.ASCII.GetBytes("LibxlFmt");

    private const int MaxBatch = 1024;
    private const uint MaxRecordLength = 128u << 20;
    private const ulong LegacyMaxPfn = 16u << 20;

    private readonly ImageCursor _cursor;
    private readonly FrameTable _table = new();
    private readonly Dictionary<string, string> _properties = [];
    private readonly List<ulong> _p2mFrames = [];
    private string _domainType = "unknown";
    private int _guestWidth;
    private int _ptLevels;
    private ulong _maxPfn;
    private ulong _highestPfn;
    private bool _anyPfn;
    private string _xenVersion = "";
    private long _pageRecords;

    private XenSaveReader(ImageCursor cursor) => _cursor = cursor;

    public static GuestImage Open(string path, ImageFormat format)
    {
        using var cursor = new ImageCursor(path);
        var reader = new XenSaveReader(cursor);
        switch (format)
        {
            case ImageFormat.XenXl:
                reader.ReadXl();
                break;
            case ImageFormat.XenLibxl:
                reader.ReadLibxl();
                break;
            case ImageFormat.XenLibxc:
                reader.ReadLibxc();
                break;
            default:
                reader.ReadXend();
                break;
        }

        return reader.Build(format);
    }

    private GuestImage Build(ImageFormat format)
    {
        ulong end = Math.Max(_maxPfn, _anyPfn ? _highestPfn + 1 : 0);
        if (!_anyPfn)
        {
            throw _cursor.Error(_cursor.Position, "at least one page in the save image", "no page records");
        }

        var regions = new List<ImageRegion> { new("guest", 0, end, 0, 0) };
        var runs = _table.ToRuns([]);
        _properties["page-records"] = _pageRecords.ToString(CultureInfo.InvariantCulture);
        _properties["domain"] = _domainType;
        var map = new XenFrameMap(_domainType, _guestWidth, _ptLevels, end, _p2mFrames.ToArray(), _xenVersion);
        var handle = File.OpenHandle(_cursor.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new GuestImage(_cursor.Path, format, runs, new PageSource.FileSource(_cursor.Path, handle), regions, _properties, map);
    }

    private void NotePfn(ulong pfn)
    {
        _anyPfn = true;
        _highestPfn = Math.Max(_highestPfn, pfn);
    }

    // ---- xl -----------------------------------------------------------------------------------------------

    private void ReadXl()
    {
        _cursor.Skip(XlMagic.Length, "xl magic");
        var order = _cursor.ReadBytes(4, "xl byte-order marker");
        _cursor.BigEndian = order switch
        {
            [1, 2, 3, 4] => true,
            [4, 3, 2, 1] => false,
            _ => throw _cursor.Error(32, "byte-order marker 0x01020304", Convert.ToHexString(order)),
        };
        uint mandatory = _cursor.ReadU32("xl mandatory flags");
        if ((mandatory & ~3u) != 0)
        {
            throw _cursor.Error(36, "xl mandatory flags within bits 0-1 (JSON config, stream v2)", $"0x{mandatory:x}");
        }

        _cursor.ReadU32("xl optional flags");
        uint optionalLength = _cursor.ReadU32("xl optional data length");
        long optionalStart = _cursor.Position;
        if (optionalLength > _cursor.Remaining)
        {
            throw _cursor.Error(44, $"at most {_cursor.Remaining} bytes of optional data", $"{optionalLength}");
        }

        if (optionalLength >= 4)
        {
            uint configLength = _cursor.ReadU32("config length");
            if (configLength <= optionalLength - 4)
            {
                _properties["config"] = Encoding.UTF8.GetString(_cursor.ReadBytes((int)configLength, "config")).TrimEnd('\0');
            }
        }

        _cursor.Position = optionalStart + optionalLength;
        if ((mandatory & 2) != 0)
        {
            // The libxl stream has its own byte order flag, so the xl marker only covers the xl header.
            _cursor.BigEndian = true;
            ReadLibxl();
        }
        else
        {
            _cursor.BigEndian = false;
            ReadLegacyStream();
        }
    }

    // ---- libxl v2 -----------------------------------------------------------------------------------------

    private void ReadLibxl()
    {
        long start = _cursor.Position;
        _cursor.BigEndian = true;
        ulong ident = _cursor.ReadU64("libxl ident");
        if (ident != 0x4c6962786c466d74)
        {
            throw _cursor.Error(start, "libxl stream ident \"LibxlFmt\"", $"0x{ident:x16}");
        }

        uint version = _cursor.ReadU32("libxl version");
        if (version != 2)
        {
            throw _cursor.Error(start + 8, "libxl stream version 2", $"{version}");
        }

        uint options = _cursor.ReadU32("libxl options");
        bool bigEndian = (options & 1) != 0;
        _properties["libxl"] = (options & 2) != 0 ? "v2 (converted from legacy)" : "v2";
        bool sawLibxc = false;
        while (true)
        {
            _cursor.BigEndian = bigEndian;
            long at = _cursor.Position;
            uint type = _cursor.ReadU32("libxl record type");
            uint length = _cursor.ReadU32("libxl record length");
            CheckLength(at, length);
            switch (type)
            {
                case 0:
                    if (!sawLibxc)
                    {
                        throw _cursor.Error(at, "a LIBXC_CONTEXT record before END", "END");
                    }

                    return;
                case 1:
                    if (length != 0 || sawLibxc)
                    {
                        throw _cursor.Error(at, "one empty LIBXC_CONTEXT record", $"length {length}{(sawLibxc ? ", a second one" : "")}");
                    }

                    sawLibxc = true;
                    ReadLibxc();
                    break;
                case 2 or 3 or 4 or 5:
                    SkipBody(length);
                    break;
                default:
                    if ((type & 0x8000_0000) == 0)
                    {
                        throw _cursor.Error(at, "a libxl record type 0-5 or an optional one (bit 31)", $"type 0x{type:x}");
                    }

                    SkipBody(length);
                    break;
            }
        }
    }

    private void CheckLength(long at, uint length)
    {
        if (length > MaxRecordLength)
        {
            throw _cursor.Error(at + 4, $"a record body of at most {MaxRecordLength} bytes", $"length {length}");
        }

        if (length > _cursor.Remaining)
        {
            throw _cursor.Error(at + 4, $"a {length}-byte record body", $"end of file after {_cursor.Remaining} bytes (truncated)");
        }
    }

    private void SkipBody(uint length)
    {
        long padded = (length + 7L) & ~7L;
        if (padded > _cursor.Remaining)
        {
            throw _cursor.Error($"a {length}-byte record body padded to 8 bytes", $"end of file after {_cursor.Remaining} bytes");
        }

        _cursor.Skip(padded, "record body");
    }

    // ---- libxc v2/v3 --------------------------------------------------------------------------------------

    private void ReadLibxc()
    {
        long start = _cursor.Position;
        _cursor.BigEndian = true;
        ulong marker = _cursor.ReadU64("libxc marker");
        uint id = _cursor.ReadU32("libxc id");
        if (marker != ulong.MaxValue || id != 0x58454E46)
        {
            throw _cursor.Error(start, "libxc image marker FFFFFFFFFFFFFFFF + \"XENF\"", $"0x{marker:x16} 0x{id:x8}");
        }

        uint version = _cursor.ReadU32("libxc version");
        if (version is not (2 or 3))
        {
            throw _cursor.Error(start + 12, "libxc image version 2 or 3", $"{version}");
        }

        ushort options = _cursor.ReadU16("libxc options");
        _cursor.Skip(6, "libxc reserved");
        _cursor.BigEndian = (options & 1) != 0;
        _properties["libxc"] = $"v{version} {(_cursor.BigEndian ? "big" : "little")}-endian";

        long domainAt = _cursor.Position;
        uint domainType = _cursor.ReadU32("domain type");
        ushort pageShift = _cursor.ReadU16("page shift");
        _cursor.Skip(2, "reserved");
        uint major = _cursor.ReadU32("xen major");
        uint minor = _cursor.ReadU32("xen minor");
        _domainType = domainType switch
        {
            1 => "pv",
            2 => "hvm",
            _ => throw _cursor.Error(domainAt, "domain type 1 (x86 PV) or 2 (x86 HVM)", $"{domainType}"),
        };
        if (pageShift != PageSize.Shift)
        {
            throw _cursor.Error(domainAt + 4, $"page shift {PageSize.Shift} (4096-byte pages)", $"page shift {pageShift}");
        }

        _xenVersion = $"{major}.{minor}";
        _properties["xen"] = _xenVersion;
        bool verifying = false;
        while (true)
        {
            long at = _cursor.Position;
            uint type = _cursor.ReadU32("libxc record type");
            uint length = _cursor.ReadU32("libxc record length");
            CheckLength(at, length);
            long body = _cursor.Position;
            switch (type)
            {
                case 0x00:
                    return;
                case 0x01:
                    ReadPageData(at, length, apply: !verifying);
                    break;
                case 0x02:
                    if (length < 2)
                    {
                        throw _cursor.Error(at, "an X86_PV_INFO body of 8 bytes", $"{length} bytes");
                    }

                    _guestWidth = _cursor.ReadU8("guest width");
                    _ptLevels = _cursor.ReadU8("pagetable levels");
                    if (_guestWidth is not (4 or 8) || _ptLevels is not (3 or 4))
                    {
                        throw _cursor.Error(body, "guest width 4 or 8 and 3 or 4 pagetable levels", $"width {_guestWidth}, levels {_ptLevels}");
                    }

                    break;
                case 0x03:
                    ReadP2mFrames(at, length);
                    break;
                case 0x0D:
                    // Everything after VERIFY is a debug re-send to compare, not new state.
                    verifying = true;
                    break;
                case 0x0E:
                    throw _cursor.Error(at, "a plain save (no CHECKPOINT records)", "a Remus/COLO CHECKPOINT record (not supported)");
                case <= 0x12:
                    break;
                default:
                    if ((type & 0x8000_0000) == 0)
                    {
                        throw _cursor.Error(at, "a libxc record type 0x00-0x12 or an optional one (bit 31)", $"type 0x{type:x}");
                    }

                    break;
            }

            _cursor.Position = body;
            SkipBody(length);
        }
    }

    private void ReadP2mFrames(long at, uint length)
    {
        if (length < 8 || (length - 8) % 8 != 0)
        {
            throw _cursor.Error(at, "an X86_PV_P2M_FRAMES body of 8 + 8n bytes", $"{length} bytes");
        }

        uint startPfn = _cursor.ReadU32("p2m start pfn");
        uint endPfn = _cursor.ReadU32("p2m end pfn");
        if (endPfn < startPfn)
        {
            throw _cursor.Error(at + 8, "p2m end pfn >= start pfn", $"start {startPfn}, end {endPfn}");
        }

        _maxPfn = Math.Max(_maxPfn, (ulong)endPfn + 1);
        _properties["p2m"] = $"{startPfn}..{endPfn}";
        for (uint i = 0; i < (length - 8) / 8; i++)
        {
            _p2mFrames.Add(_cursor.ReadU64("p2m frame pfn"));
        }
    }

    private void ReadPageData(long at, uint length, bool apply)
    {
        if (length < 8)
        {
            throw _cursor.Error(at, "a PAGE_DATA body of at least 8 bytes", $"{length} bytes");
        }

        uint count = _cursor.ReadU32("PAGE_DATA count");
        _cursor.Skip(4, "PAGE_DATA reserved");
        if (count == 0 || count > MaxBatch || 8 + (8L * count) > length)
        {
            throw _cursor.Error(at + 8, $"a PAGE_DATA count of 1..{MaxBatch} whose entries fit the {length}-byte body", $"count {count}");
        }

        Span<ulong> pfns = stackalloc ulong[(int)count];
        Span<byte> types = stackalloc byte[(int)count];
        int withData = 0;
        for (int i = 0; i < count; i++)
        {
            long entryAt = _cursor.Position;
            ulong entry = _cursor.ReadU64("PAGE_DATA entry");
            pfns[i] = entry & ((1UL << 52) - 1);
            types[i] = (byte)(entry >> 60);
            if (types[i] is >= 5 and <= 8)
            {
                throw _cursor.Error(entryAt, "a page type 0-4, 9-12 (pagetables), 13 BROKEN, 14 XALLOC or 15 XTAB", $"type {types[i]} for pfn {pfns[i]}");
            }

            if (types[i] < 13)
            {
                withData++;
            }
        }

        long expected = 8 + (8L * count) + ((long)withData * PageSize.Bytes);
        if (length != expected)
        {
            throw _cursor.Error(at + 4, $"a PAGE_DATA body of {expected} bytes ({count} entries, {withData} pages)", $"{length} bytes");
        }

        long data = _cursor.Position;
        for (int i = 0; i < count; i++)
        {
            if (types[i] >= 13)
            {
                if (apply)
                {
                    _table.SetNotPresent(pfns[i]);
                }
            }
            else
            {
                if (apply)
                {
                    _table.SetData(pfns[i], data, level: types[i] & 7); // 1-4 and pinned 9-12 give L1-L4
                }

                data += PageSize.Bytes;
            }

            NotePfn(pfns[i]);
        }

        _pageRecords++;
    }

    // ---- xend / legacy ------------------------------------------------------------------------------------

    private void ReadXend()
    {
        _cursor.Skip(LegacyMagic.Length, "xend magic");
        _cursor.BigEndian = true;
        uint configLength = _cursor.ReadU32("SXP config length");
        if (configLength > _cursor.Remaining || configLength > 1u << 20)
        {
            throw _cursor.Error(16, $"an SXP config of at most {Math.Min(_cursor.Remaining, 1 << 20)} bytes", $"length {configLength}");
        }

        string config = Encoding.UTF8.GetString(_cursor.ReadBytes((int)configLength, "SXP config")).TrimEnd('\0');
        _properties["config"] = config;
        _cursor.BigEndian = false;
        ReadLegacyStream();
    }

    /// <summary>The 2006 libxc stream: native little-endian words, the word size guessed from max_pfn's upper half.</summary>
    private void ReadLegacyStream()
    {
        long start = _cursor.Position;
        _domainType = "pv";
        var first = _cursor.ReadBytes(8, "legacy max_pfn");
        // In a 64-bit image max_pfn (< 2^24) is an 8-byte word, so bytes 4-7 are zero; in a 32-bit image they
        // start the p2m frame list or the all-ones ext-info marker.
        _guestWidth = first[4] == 0 && first[5] == 0 && first[6] == 0 && first[7] == 0 ? 8 : 4;
        _cursor.Position = start;
        ulong maxPfn = _cursor.ReadWord(_guestWidth, "max_pfn");
        if (maxPfn == 0 || maxPfn > LegacyMaxPfn)
        {
            throw _cursor.Error(start, $"max_pfn 1..{LegacyMaxPfn}", $"{maxPfn}");
        }

        _maxPfn = maxPfn;
        _properties["legacy"] = $"{_guestWidth * 8}-bit words";
        ulong allOnes = _guestWidth == 8 ? ulong.MaxValue : uint.MaxValue;
        long peekAt = _cursor.Position;
        if (_cursor.ReadWord(_guestWidth, "p2m frame list or ext-info marker") == allOnes)
        {
            uint extSize = _cursor.ReadU32("ext-info size");
            _cursor.Skip(extSize, "ext-info chunks");
        }
        else
        {
            _cursor.Position = peekAt;
        }

        ulong perFrame = (ulong)(PageSize.Bytes / _guestWidth);
        ulong p2mFrames = (maxPfn + perFrame - 1) / perFrame;
        for (ulong i = 0; i < p2mFrames; i++)
        {
            _p2mFrames.Add(_cursor.ReadWord(_guestWidth, "p2m frame list entry"));
        }

        ReadLegacyBatches(maxPfn);
    }

    private void ReadLegacyBatches(ulong maxPfn)
    {
        var entries = new ulong[MaxBatch];
        while (true)
        {
            long at = _cursor.Position;
            int count = (int)_cursor.ReadU32("batch count");
            if (count == 0 || count == -1)
            {
                // 0 ends memory; -1 starts verify mode, whose batches are debug copies of pages already sent.
                break;
            }

            if (count < 0 || count > MaxBatch)
            {
                throw _cursor.Error(at, $"a batch count of 1..{MaxBatch}, 0 (end) or -1 (verify)", $"{count}");
            }

            for (int i = 0; i < count; i++)
            {
                long entryAt = _cursor.Position;
                ulong entry = _cursor.ReadWord(_guestWidth, "batch entry");
                ulong pfn = entry & 0x0FFF_FFFF;
                uint type = (uint)(entry >> 28);
                if (type is not (0 or (>= 1 and <= 4) or (>= 9 and <= 12) or 0xF))
                {
                    throw _cursor.Error(entryAt, "a page type NOTAB 0, L1-L4 1-4 (pinned 9-12) or XTAB 15", $"type 0x{type:x} for pfn {pfn}");
                }

                if (pfn >= maxPfn)
                {
                    throw _cursor.Error(entryAt, $"a pfn below max_pfn {maxPfn}", $"pfn {pfn}");
                }

                entries[i] = entry;
            }

            for (int i = 0; i < count; i++)
            {
                ulong pfn = entries[i] & 0x0FFF_FFFF;
                uint type = (uint)(entries[i] >> 28);
                NotePfn(pfn);
                if (type == 0xF)
                {
                    _table.SetNotPresent(pfn);
                    continue;
                }

                _table.SetData(pfn, _cursor.Position, level: (int)(type & 7));
                _cursor.Skip(PageSize.Bytes, "page data");
            }

            _pageRecords++;
        }
    }
}
