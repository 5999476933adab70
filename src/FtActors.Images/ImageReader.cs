using FtActors.Images.Readers;

namespace FtActors.Images;

/// <summary>
/// Opens guest memory images, recognising the format by its first bytes; a file with no known magic is read
/// as a raw guest-physical dump. See docs/formats.md for each layout and its GPA mapping.
/// </summary>
public static class ImageReader
{
    private static readonly byte[] QemuMagic = "QEVM"u8.ToArray();
    private static readonly byte[] ElfMagic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];
    private static readonly byte[] LibxcMarker = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, (byte)'X', (byte)'E', (byte)'N', (byte)'F'];

    private static readonly (byte[] Magic, string What)[] Refused =
    [
        ("makedumpfile"u8.ToArray(), "a flattened kdump-compressed dump (dump-guest-memory format kdump-*)"),
        ("KDUMP   "u8.ToArray(), "a kdump-compressed (diskdump) dump (dump-guest-memory format kdump-raw-*)"),
        ("PAGEDU64"u8.ToArray(), "a Windows crash dump (dump-guest-memory format win-dmp)"),
        ("libvirt-xml"u8.ToArray(), "a libvirt libxl save file"),
    ];

    /// <summary>Opens <paramref name="path"/> with format detection and default options.</summary>
    /// <exception cref="ImageFormatException">The file is not a readable image of any supported format.</exception>
    public static IGuestImage Open(string path) => Open(path, new ImageOpenOptions());

    /// <summary>Opens <paramref name="path"/>, honouring a forced format and the PC-layout options.</summary>
    /// <exception cref="ImageFormatException">The file is not a readable image of the (detected or forced) format.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static IGuestImage Open(string path, ImageOpenOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var format = options.Format ?? Detect(path);
        return format switch
        {
            ImageFormat.Raw or ImageFormat.SharedRamFile => FlatFileReader.Open(path, format, options),
            ImageFormat.ElfCore => ElfCoreReader.Open(path),
            ImageFormat.QemuStream or ImageFormat.QemuMappedRam => QemuStreamReader.Open(path, options),
            _ => XenSaveReader.Open(path, format),
        };
    }

    /// <summary>The format the file's first bytes announce; <see cref="ImageFormat.Raw"/> when none does.</summary>
    /// <exception cref="ImageFormatException">The file is a dump format FtActors recognises but does not read.</exception>
    public static ImageFormat Detect(string path)
    {
        Span<byte> head = stackalloc byte[32];
        int n;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1))
        {
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..n];
        foreach (var (magic, what) in Refused)
        {
            if (head.StartsWith(magic))
            {
                throw new ImageFormatException(path, 0, "a supported image (raw, ELF core, QEMU stream, Xen save)", what + ", which is not supported");
            }
        }

        if (head.StartsWith(QemuMagic))
        {
            return ImageFormat.QemuStream;
        }

        if (head.StartsWith(ElfMagic))
        {
            return ImageFormat.ElfCore;
        }

        if (head.StartsWith(XenSaveReader.XlMagic))
        {
            return ImageFormat.XenXl;
        }

        if (head.StartsWith(XenSaveReader.LegacyMagic))
        {
            return ImageFormat.XenLegacy;
        }

        if (head.StartsWith(XenSaveReader.LibxlMagic))
        {
            return ImageFormat.XenLibxl;
        }

        return head.StartsWith(LibxcMarker) ? ImageFormat.XenLibxc : ImageFormat.Raw;
    }

    /// <summary>A short lower-case name for reports and <c>--format</c>: raw, shared-ram, elf, qemu-stream, ...</summary>
    public static string Name(ImageFormat format) => format switch
    {
        ImageFormat.Raw => "raw",
        ImageFormat.SharedRamFile => "shared-ram",
        ImageFormat.ElfCore => "elf",
        ImageFormat.QemuStream => "qemu-stream",
        ImageFormat.QemuMappedRam => "qemu-mapped-ram",
        ImageFormat.XenXl => "xen-xl",
        ImageFormat.XenLibxl => "xen-libxl",
        ImageFormat.XenLibxc => "xen-libxc",
        ImageFormat.XenLegacy => "xen-legacy",
        _ => format.ToString(),
    };

    /// <summary>Parses a name from <see cref="Name"/>; null when unknown.</summary>
    public static ImageFormat? ParseName(string name) =>
        Enum.GetValues<ImageFormat>().Cast<ImageFormat?>().FirstOrDefault(f => Name(f!.Value) == name);
}
