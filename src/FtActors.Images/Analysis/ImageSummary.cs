namespace FtActors.Images.Analysis;

/// <summary>One compared image in brief.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Format">Format name.</param>
/// <param name="Pages">Frames with contents.</param>
/// <param name="Zero">All-zero pages.</param>
/// <param name="NonZero">Pages with a non-zero byte.</param>
/// <param name="DistinctNonZero">Distinct non-zero contents.</param>
public sealed record ImageSummary(string Path, string Format, long Pages, long Zero, long NonZero, long DistinctNonZero);
