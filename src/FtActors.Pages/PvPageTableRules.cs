namespace FtActors.Pages;

/// <summary>
/// The bit layout of a Xen PV pagetable entry and the slots Xen keeps for itself, restated from Xen's
/// normalise_pagetable (see /work/shared/reference/xen-save-format.md section 4). native/ftpages/src/
/// pagetable.c applies the same rules.
/// </summary>
internal static class PvPageTableRules
{
    public const int Entries = 512;
    public const ulong Present = 0x1;
    public const ulong Superpage = 0x80;
    public const int FrameShift = 12;

    /// <summary>Frame numbers are 40 bits wide (entry bits 12-51).</summary>
    public const ulong FrameLimit = 1UL << 40;

    public const ulong FrameMask = (FrameLimit - 1) << FrameShift;

    /// <summary>Whether slot <paramref name="index"/> of a level-<paramref name="level"/> table maps Xen itself (blanked, not translated).</summary>
    public static bool IsXenSlot(int level, PvPagingMode mode, int index) =>
        mode == PvPagingMode.FourLevel
            ? level == 4 && index is >= 256 and <= 271
            : level == 3 && index >= 4;
}
