namespace FtActors.Images.Analysis;

/// <summary>One region's share of an image's footprint.</summary>
/// <param name="Name">Region name (RAM block, segment, "guest").</param>
/// <param name="GuestPhysicalAddress">GPA of the region's first page, or null when it has none.</param>
/// <param name="Pages">Frames with contents in the region.</param>
/// <param name="Zero">Of those, all-zero pages.</param>
/// <param name="NonZero">Of those, pages with a non-zero byte.</param>
/// <param name="PageTables">Of the non-zero ones, Xen PV pagetable pages.</param>
/// <param name="NotPresent">Frames in the region the image holds no contents for.</param>
public sealed record RegionFootprint(string Name, ulong? GuestPhysicalAddress, long Pages, long Zero, long NonZero, long PageTables, long NotPresent);
