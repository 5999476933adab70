using System.Buffers.Binary;
using System.Globalization;
using FtActors.Pages;

namespace FtActors.Images.Readers;

/// <summary>
/// QEMU migration streams saved to a file (<c>migrate file:</c> or <c>exec:cat &gt; f</c>), plain or with the
/// mapped-ram capability. One pass indexes every RAM record (frame to file offset, last occurrence wins);
/// pages are read later by offset, so memory is 8 bytes per frame seen, never the pages.
/// </summary>
/// <remarks>
/// Device sections carry no length, so the reader relies on where RAM can occur in a precopy stream: after
/// the header and configuration come commands and the RAM START section, then RAM PART sections and
/// commands, then RAM END; only after RAM END do device FULL sections follow, and the reader stops at the
/// first of them. A non-RAM section before RAM END (vfio, dirty bitmaps, virtio-mem early setup) cannot be
/// skipped and is refused.
/// </remarks>
internal sealed class QemuStreamReader
{
    private const byte SectionEof = 0x00;
    private const byte SectionStart = 0x01;
    private const byte SectionPart = 0x02;
    private const byte SectionEnd = 0x03;
    private const byte SectionFull = 0x04;
    private const byte Subsection = 0x05;
    private const byte VmDescription = 0x06;
    private const byte Configuration = 0x07;
    private const byte Command = 0x08;
    private const byte SectionFooter = 0x7e;

    private const ulong FlagZero = 0x002;
    private const ulong FlagMemSize = 0x004;
    private const ulong FlagPage = 0x008;
    private const ulong FlagEos = 0x010;
    private const ulong FlagContinue = 0x020;
    private const ulong FlagXbzrle = 0x040;
    private const ulong FlagHook = 0x080;
    private const ulong FlagMultifdFlush = 0x200;
    private const ulong FlagMask = PageSize.Bytes - 1;
    private const ulong MaxGuestBytes = 1UL << 50;

    private readonly ImageCursor _cursor;
    private readonly ImageOpenOptions _options;
    private readonly FrameTable _table = new();
    private readonly Dictionary<string, Block> _blocks = new(StringComparer.Ordinal);
    private readonly List<Block> _blockOrder = [];
    private readonly List<string> _capabilities = [];
    private string _machine = "";
    private Block? _current;
    private uint? _ramSection;
    private bool _ramEnded;
    private bool _mappedRam;
    private long _pageRecords;
    private long _zeroRecords;

    private QemuStreamReader(ImageCursor cursor, ImageOpenOptions options)
    {
        _cursor = cursor;
        _options = options;
    }

    public static GuestImage Open(string path, ImageOpenOptions options)
    {
        using var cursor = new ImageCursor(path) { BigEndian = true };
        var reader = new QemuStreamReader(cursor, options);
        return reader.Read();
    }

    private GuestImage Read()
    {
        ReadHeader();
        ReadTopLevel();
        var regions = _blockOrder.SelectMany(b => b.Regions).OrderBy(r => r.FirstFrame).ToList();
        var zeroByDefault = regions.Select(r => (r.FirstFrame, r.EndFrame)).ToList();
        var runs = _table.ToRuns(zeroByDefault);
        var properties = new Dictionary<string, string>
        {
            ["machine"] = _machine,
            ["capabilities"] = string.Join(",", _capabilities),
            ["blocks"] = string.Join(",", _blockOrder.Select(b => b.Name)),
            ["page-records"] = _pageRecords.ToString(CultureInfo.InvariantCulture),
            ["zero-records"] = _zeroRecords.ToString(CultureInfo.InvariantCulture),
        };
        var handle = File.OpenHandle(_cursor.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new GuestImage(
            _cursor.Path,
            _mappedRam ? ImageFormat.QemuMappedRam : ImageFormat.QemuStream,
            runs,
            new PageSource.FileSource(_cursor.Path, handle),
            regions,
            properties);
    }

    private void ReadHeader()
    {
        uint magic = _cursor.ReadU32("magic");
        if (magic != 0x5145564d)
        {
            throw _cursor.Error(0, "QEMU stream magic QEVM", $"0x{magic:x8}");
        }

        uint version = _cursor.ReadU32("stream version");
        if (version != 3)
        {
            throw _cursor.Error(4, "stream version 3", $"version {version}");
        }

        if (_cursor.Remaining > 0 && PeekByte() == Configuration)
        {
            _cursor.Skip(1, "configuration marker");
            uint length = _cursor.ReadU32("machine type length");
            if (length > 255)
            {
                throw _cursor.Error(_cursor.Position - 4, "a machine type name of at most 255 bytes", $"length {length}");
            }

            _machine = System.Text.Encoding.Latin1.GetString(_cursor.ReadBytes((int)length, "machine type"));
            while (_cursor.Remaining > 0 && PeekByte() == Subsection)
            {
                ReadConfigurationSubsection();
            }
        }
    }

    private void ReadConfigurationSubsection()
    {
        long at = _cursor.Position;
        _cursor.Skip(1, "subsection marker");
        string name = _cursor.ReadCountedString("subsection name");
        _cursor.ReadU32("subsection version");
        switch (name)
        {
            case "configuration/target-page-bits":
                uint bits = _cursor.ReadU32("target page bits");
                if (bits != PageSize.Shift)
                {
                    throw _cursor.Error(_cursor.Position - 4, $"target page bits {PageSize.Shift} (4096-byte pages)", $"{bits}");
                }

                break;
            case "configuration/capabilities":
                uint count = _cursor.ReadU32("capability count");
                if (count > 64)
                {
                    throw _cursor.Error(_cursor.Position - 4, "at most 64 capabilities", $"{count}");
                }

                for (uint i = 0; i < count; i++)
                {
                    _capabilities.Add(_cursor.ReadCountedString("capability name"));
                }

                _mappedRam = _capabilities.Contains("mapped-ram");
                break;
            case "configuration/uuid":
                _cursor.Skip(16, "uuid");
                break;
            default:
                throw _cursor.Error(at, "a configuration subsection (target-page-bits, capabilities, uuid)", $"'{name}'");
        }
    }

    private byte PeekByte()
    {
        byte value = _cursor.ReadU8("record type");
        _cursor.Position--;
        return value;
    }

    private void ReadTopLevel()
    {
        while (true)
        {
            long at = _cursor.Position;
            byte type = _cursor.ReadU8("a top-level record type");
            switch (type)
            {
                case SectionEof:
                case VmDescription:
                    EnsureRamSeen(at);
                    return;
                case SectionStart:
                case SectionFull:
                {
                    uint id = _cursor.ReadU32("section id");
                    string idstr = _cursor.ReadCountedString("section idstr");
                    _cursor.ReadU32("instance id");
                    uint version = _cursor.ReadU32("version id");
                    if (idstr != "ram")
                    {
                        if (_ramEnded)
                        {
                            // The device-state tail: everything RAM has been read.
                            return;
                        }

                        throw _cursor.Error(at, "RAM records before the RAM END section (device sections carry no length and cannot be skipped)", $"section '{idstr}'");
                    }

                    if (type != SectionStart || _ramSection is not null)
                    {
                        throw _cursor.Error(at, "one RAM START section", type == SectionFull ? "a RAM FULL section" : "a second RAM START section");
                    }

                    if (version != 4)
                    {
                        throw _cursor.Error(at, "RAM section version 4", $"version {version}");
                    }

                    _ramSection = id;
                    ReadRamRecords();
                    ReadFooter(id);
                    break;
                }

                case SectionPart:
                case SectionEnd:
                {
                    uint id = _cursor.ReadU32("section id");
                    if (id != _ramSection)
                    {
                        throw _cursor.Error(at, _ramSection is null ? "the RAM START section first" : $"section id {_ramSection} (ram)", $"a {(type == SectionPart ? "PART" : "END")} section for id {id}");
                    }

                    ReadRamRecords();
                    ReadFooter(id);
                    _ramEnded |= type == SectionEnd;
                    break;
                }

                case Command:
                {
                    ushort command = _cursor.ReadU16("command");
                    ushort length = _cursor.ReadU16("command length");
                    if (command == 7)
                    {
                        throw _cursor.Error(at, "a precopy stream", "a PACKAGED command (postcopy streams are not supported)");
                    }

                    if (command is 0 or > 11)
                    {
                        throw _cursor.Error(at + 1, "a command number 1..11", $"{command}");
                    }

                    _cursor.Skip(length, "command payload");
                    break;
                }

                default:
                    throw _cursor.Error(at, "a top-level record (EOF, section START/PART/END/FULL, COMMAND)", $"byte 0x{type:x2}");
            }
        }
    }

    private void EnsureRamSeen(long at)
    {
        if (_ramSection is null)
        {
            throw _cursor.Error(at, "a RAM section before EOF", "none");
        }
    }

    private void ReadFooter(uint id)
    {
        long at = _cursor.Position;
        byte marker = _cursor.ReadU8("section footer");
        uint footerId = _cursor.ReadU32("section footer id");
        if (marker != SectionFooter || footerId != id)
        {
            throw _cursor.Error(at, $"section footer 0x7e + id {id}", $"0x{marker:x2} + id {footerId}");
        }
    }

    private void ReadRamRecords()
    {
        while (true)
        {
            long at = _cursor.Position;
            ulong word = _cursor.ReadU64("a RAM record header");
            ulong flags = word & FlagMask;
            ulong address = word & ~FlagMask;
            switch (flags & ~FlagContinue)
            {
                case FlagEos:
                    if (word != FlagEos)
                    {
                        throw _cursor.Error(at, "EOS word 0x10", $"0x{word:x}");
                    }

                    return;
                case FlagMultifdFlush:
                    if (word != FlagMultifdFlush)
                    {
                        throw _cursor.Error(at, "MULTIFD_FLUSH word 0x200", $"0x{word:x}");
                    }

                    break;
                case FlagMemSize:
                    ReadBlockList(at, address);
                    break;
                case FlagZero:
                {
                    var (block, page) = ReadPageHeader(at, word);
                    byte fill = _cursor.ReadU8("ZERO fill byte");
                    if (fill != 0)
                    {
                        throw _cursor.Error(_cursor.Position - 1, "ZERO fill byte 0x00", $"0x{fill:x2}");
                    }

                    _table.SetZero(block.FrameOf(page));
                    _zeroRecords++;
                    break;
                }

                case FlagPage:
                {
                    var (block, page) = ReadPageHeader(at, word);
                    _table.SetData(block.FrameOf(page), _cursor.Position, level: 0);
                    _cursor.Skip(PageSize.Bytes, "page data");
                    _pageRecords++;
                    break;
                }

                case FlagXbzrle:
                    throw _cursor.Error(at, "PAGE or ZERO records", "an XBZRLE record (streams saved with the xbzrle capability are not supported)");
                case FlagHook:
                    throw _cursor.Error(at, "PAGE or ZERO records", "an RDMA HOOK record");
                default:
                    throw _cursor.Error(at, "a RAM record flag (ZERO 0x2, MEM_SIZE 0x4, PAGE 0x8, EOS 0x10, MULTIFD_FLUSH 0x200, optionally with CONTINUE 0x20)", $"flags 0x{flags:x}");
            }
        }
    }

    private (Block Block, ulong Page) ReadPageHeader(long at, ulong word)
    {
        if (_blocks.Count == 0)
        {
            throw _cursor.Error(at, "the MEM_SIZE block list before any page", "a page record");
        }

        Block? block;
        if ((word & FlagContinue) != 0)
        {
            block = _current ?? throw _cursor.Error(at, "a block name (no earlier page to CONTINUE from)", "CONTINUE");
        }
        else
        {
            long nameAt = _cursor.Position;
            string name = _cursor.ReadCountedString("RAM block name");
            if (!_blocks.TryGetValue(name, out block))
            {
                throw _cursor.Error(nameAt, "the name of a block in the MEM_SIZE list", $"'{name}'");
            }

            _current = block;
        }

        ulong address = word & ~FlagMask;
        if (address >= block.Length)
        {
            throw _cursor.Error(at, $"an offset below block '{block.Name}''s length 0x{block.Length:x}", $"0x{address:x}");
        }

        return (block, address / PageSize.Bytes);
    }

    private void ReadBlockList(long at, ulong total)
    {
        if (_blocks.Count > 0)
        {
            throw _cursor.Error(at, "one MEM_SIZE block list", "a second one");
        }

        if (total > MaxGuestBytes)
        {
            throw _cursor.Error(at, $"a MEM_SIZE total of at most {MaxGuestBytes} bytes (1 PiB)", $"{total}");
        }

        string machine = _options.Machine ?? _machine;
        var map = new PcMemoryMap(machine, _options.RamBelow4G, _options.MainRamBlock);
        bool ignoreShared = _capabilities.Contains("x-ignore-shared");
        ulong sum = 0;
        while (sum < total)
        {
            long entryAt = _cursor.Position;
            string name = _cursor.ReadCountedString("RAM block name");
            ulong length = _cursor.ReadU64("RAM block used length");
            if (length > total - sum || length % PageSize.Bytes != 0 || length == 0)
            {
                throw _cursor.Error(entryAt, $"a non-zero, page-multiple block length within the {total - sum} bytes MEM_SIZE has left", $"block '{name}' of 0x{length:x} bytes");
            }

            if (_blocks.ContainsKey(name))
            {
                throw _cursor.Error(entryAt, "distinct block names", $"'{name}' twice");
            }

            if (ignoreShared)
            {
                _cursor.ReadU64("block address (x-ignore-shared)");
            }

            var block = new Block(name, length, map.Place(name, length));
            _blocks.Add(name, block);
            _blockOrder.Add(block);
            if (_mappedRam)
            {
                ReadMappedRamBlock(block);
            }

            sum += length;
        }
    }

    private void ReadMappedRamBlock(Block block)
    {
        long at = _cursor.Position;
        uint version = _cursor.ReadU32("mapped-ram header version");
        ulong pageSize = _cursor.ReadU64("mapped-ram page size");
        ulong bitmapOffset = _cursor.ReadU64("mapped-ram bitmap offset");
        ulong pagesOffset = _cursor.ReadU64("mapped-ram pages offset");
        if (version != 1)
        {
            throw _cursor.Error(at, "mapped-ram header version 1", $"{version}");
        }

        if (pageSize != PageSize.Bytes)
        {
            throw _cursor.Error(at + 4, $"mapped-ram page size {PageSize.Bytes}", $"{pageSize}");
        }

        ulong pages = block.Length / PageSize.Bytes;
        ulong bitmapBytes = (pages + 63) / 64 * 8;
        ulong fileLength = (ulong)_cursor.Length;
        if (bitmapOffset > fileLength || bitmapBytes > fileLength - bitmapOffset)
        {
            throw _cursor.Error(at + 12, $"a {bitmapBytes}-byte bitmap inside the file", $"bitmap offset 0x{bitmapOffset:x} in a {fileLength}-byte file");
        }

        if (pagesOffset % PageSize.Bytes != 0 || pagesOffset > fileLength || block.Length > fileLength - pagesOffset)
        {
            throw _cursor.Error(at + 20, $"page-aligned pages of block '{block.Name}' (0x{block.Length:x} bytes) inside the file", $"pages offset 0x{pagesOffset:x} in a {fileLength}-byte file");
        }

        _cursor.Position = (long)bitmapOffset;
        var bitmap = _cursor.ReadBytes((int)bitmapBytes, "mapped-ram bitmap");
        for (ulong page = 0; page < pages; page++)
        {
            // The bitmap is host-order unsigned longs (little-endian on x86): bit i of word i / 64.
            ulong bits = BinaryPrimitives.ReadUInt64LittleEndian(bitmap.AsSpan((int)(page / 64 * 8), 8));
            if ((bits & (1UL << (int)(page % 64))) != 0)
            {
                _table.SetData(block.FrameOf(page), (long)(pagesOffset + (page * PageSize.Bytes)), level: 0);
                _pageRecords++;
            }
        }

        _cursor.Position = (long)(pagesOffset + block.Length);
    }

    /// <summary>A RAM block from the MEM_SIZE list and where its pages land as frames.</summary>
    private sealed class Block(string name, ulong length, List<ImageRegion> regions)
    {
        public string Name { get; } = name;

        public ulong Length { get; } = length;

        public List<ImageRegion> Regions { get; } = regions;

        public ulong FrameOf(ulong page)
        {
            foreach (var region in Regions)
            {
                ulong first = region.BlockOffset / PageSize.Bytes;
                if (page >= first && page < first + region.PageCount)
                {
                    return region.FirstFrame + (page - first);
                }
            }

            // Place() covers the whole block, and callers check page < Length / 4096.
            throw new InvalidOperationException($"page {page} outside block {Name}");
        }
    }
}
