namespace FtActors.Store;

/// <summary>What a garbage collection freed.</summary>
/// <param name="PagesDropped">Pages no guest map selects any more, removed from the index.</param>
/// <param name="SlotsTruncated">Slots cut off the end of the page area.</param>
/// <param name="HolesPunched">Freed interior slots whose disk blocks were given back (file systems that punch holes).</param>
/// <param name="FreeSlots">Interior slots left free for later scans to reuse.</param>
public sealed record GcReport(long PagesDropped, long SlotsTruncated, long HolesPunched, long FreeSlots)
{
    /// <summary>Bytes of the dropped pages.</summary>
    public long BytesDropped => PagesDropped * Pages.PageSize.Bytes;
}
