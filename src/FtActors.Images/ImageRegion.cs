namespace FtActors.Images;

/// <summary>
/// A contiguous range of frames in an image with one name: a QEMU RAM block (or one half of it, when the
/// PC layout splits <c>pc.ram</c> around the 4 GiB hole), an ELF PT_LOAD segment, a Xen guest's frames.
/// </summary>
/// <param name="Name">RAM-block idstr, segment name or "guest".</param>
/// <param name="FirstFrame">First frame number the image uses for this region (see <see cref="GuestPhysicalAddress"/>).</param>
/// <param name="PageCount">Number of 4 KiB pages in the region.</param>
/// <param name="BlockOffset">Byte offset of the region's first page inside its RAM block (0 when not a RAM block).</param>
/// <param name="GuestPhysicalAddress">
/// The GPA of the first page when the region is guest-visible at a known address; null for blocks that are
/// not (fw_cfg ROM blobs, option ROMs), whose frames are placed at or above <see cref="ImageRegion.UnmappedFrameBase"/>.
/// </param>
public sealed record ImageRegion(string Name, ulong FirstFrame, ulong PageCount, ulong BlockOffset, ulong? GuestPhysicalAddress)
{
    /// <summary>
    /// Frame numbers from here up (2^40, i.e. byte address 2^52, x86's physical-address limit) hold blocks that
    /// have no guest-physical address, so they never collide with real GPAs and still compare by position.
    /// </summary>
    public const ulong UnmappedFrameBase = 1UL << 40;

    /// <summary>One past the region's last frame.</summary>
    public ulong EndFrame => FirstFrame + PageCount;

    /// <summary>True when <paramref name="frame"/> lies inside the region.</summary>
    public bool Contains(ulong frame) => frame >= FirstFrame && frame < EndFrame;
}
