namespace FtActors.Store;

/// <summary>One line of a selection report: frames that were kept or left out for one reason.</summary>
/// <param name="Reason">Why, in words ("non-zero", "in fewer than 2 of 3 snapshots", "over budget").</param>
/// <param name="Selected">Whether these frames' pages are kept.</param>
/// <param name="Frames">Frames of the latest snapshot with this outcome.</param>
/// <param name="DistinctPages">Distinct contents among those frames.</param>
public sealed record SelectionReason(string Reason, bool Selected, long Frames, long DistinctPages)
{
    /// <summary>Bytes of the distinct pages.</summary>
    public long Bytes => DistinctPages * Pages.PageSize.Bytes;
}
