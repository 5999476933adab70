namespace FtActors.Migration.Xen;

/// <summary>
/// Consecutive guest pages stored back to back in a save image: the data part of one PAGE_DATA record or
/// legacy batch (or a piece of it). Slots are numbered in file order over all runs.
/// </summary>
/// <param name="FileOffset">Byte offset of the first page in the image file.</param>
/// <param name="Pages">Pages in the run (at least 1).</param>
public readonly record struct XenPageRun(long FileOffset, int Pages)
{
    /// <summary>Byte offset just past the run's last page.</summary>
    public long End => FileOffset + ((long)Pages * FtActors.Pages.PageSize.Bytes);
}
