using System.Globalization;

namespace FtActors.Pages;

/// <summary>
/// A Xen PV pagetable page could not be translated: one present entry names a frame the map does not
/// hold, or is a superpage where only 4 KiB mappings are allowed. The page is left unchanged.
/// </summary>
public sealed class PageTableEntryException : PagesException
{
    /// <summary>Creates the exception for entry <paramref name="entry"/> (0-511) of a level-<paramref name="level"/> table naming <paramref name="frame"/>; <paramref name="pageIndex"/> is the page within a batch, or -1.</summary>
    public PageTableEntryException(int level, int entry, ulong frame, PageTableFault fault, int pageIndex = -1)
        : base(string.Format(
            CultureInfo.InvariantCulture,
            "{5}L{0} pagetable entry {1} (byte offset {2}): expected {3} but found frame 0x{4:x}.",
            level,
            entry,
            entry * 8,
            fault == PageTableFault.Superpage ? "a 4 KiB mapping (PSE clear above L1)" : "a frame held in the frame map",
            frame,
            pageIndex < 0 ? string.Empty : string.Format(CultureInfo.InvariantCulture, "Page {0} of the batch, ", pageIndex)))
    {
        PageIndex = pageIndex;
        Level = level;
        Entry = entry;
        Frame = frame;
        Fault = fault;
    }

    /// <summary>The page's index within the batch, or -1 when a single page was translated.</summary>
    public int PageIndex { get; }

    /// <summary>The pagetable level, 1-4.</summary>
    public int Level { get; }

    /// <summary>The entry index within the page, 0-511.</summary>
    public int Entry { get; }

    /// <summary>The frame number the entry holds (bits 12-51).</summary>
    public ulong Frame { get; }

    /// <summary>Why the entry could not be translated.</summary>
    public PageTableFault Fault { get; }
}
