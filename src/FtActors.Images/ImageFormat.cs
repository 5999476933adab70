namespace FtActors.Images;

/// <summary>The on-disk layouts <see cref="ImageReader"/> understands. See docs/formats.md.</summary>
public enum ImageFormat
{
    /// <summary>A raw guest-physical dump (QMP <c>pmemsave</c>): byte offset = GPA - base address. No magic.</summary>
    Raw,

    /// <summary>A guest's RAM file from <c>memory-backend-file,share=on</c>: offset = RAM-block offset, mapped to GPA by the PC layout.</summary>
    SharedRamFile,

    /// <summary>An ELF64 core from QMP <c>dump-guest-memory</c> (format elf).</summary>
    ElfCore,

    /// <summary>A QEMU migration stream saved to a file (sequential RAM records).</summary>
    QemuStream,

    /// <summary>A QEMU migration stream with the <c>mapped-ram</c> capability (pages at fixed offsets).</summary>
    QemuMappedRam,

    /// <summary>An <c>xl save</c> file: xl header, libxl v2 stream, libxc v2/v3 image.</summary>
    XenXl,

    /// <summary>A bare libxl v2 stream ("LibxlFmt").</summary>
    XenLibxl,

    /// <summary>A bare libxc v2/v3 image ("XENF").</summary>
    XenLibxc,

    /// <summary>A Xen 3.x <c>xm save</c> file ("LinuxGuestRecord" + SXP config + the 2006 libxc stream).</summary>
    XenLegacy,
}
