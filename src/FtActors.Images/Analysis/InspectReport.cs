namespace FtActors.Images.Analysis;

/// <summary>The footprint of one image: how much of it is zero, and how much of the rest repeats.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Format">Format name (see <see cref="ImageReader.Name"/>).</param>
/// <param name="Engine">Page engine used for hashing ("native" or "managed").</param>
/// <param name="Pages">Frames with contents.</param>
/// <param name="Zero">All-zero pages.</param>
/// <param name="NonZero">Pages with a non-zero byte.</param>
/// <param name="DistinctNonZero">Distinct contents among the non-zero pages.</param>
/// <param name="DuplicatePages">Non-zero pages whose content occurs more than once in the image.</param>
/// <param name="DuplicateContents">Distinct contents that occur more than once.</param>
/// <param name="PageTables">Xen PV pagetable pages.</param>
/// <param name="NotPresent">Frames without contents (Xen XTAB/XALLOC/BROKEN).</param>
/// <param name="Properties">Format facts from the reader.</param>
/// <param name="Regions">Per-region figures, in frame order.</param>
public sealed record InspectReport(
    string Path,
    string Format,
    string Engine,
    long Pages,
    long Zero,
    long NonZero,
    long DistinctNonZero,
    long DuplicatePages,
    long DuplicateContents,
    long PageTables,
    long NotPresent,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyList<RegionFootprint> Regions);
