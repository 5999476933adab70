namespace FtActors.Images.Analysis;

/// <summary>Pages all compared images share: the pre-deployment candidates.</summary>
/// <param name="SamePositionNonZero">Frames where every image holds the same non-zero content.</param>
/// <param name="DistinctContents">Distinct non-zero contents present in every image, wherever they sit.</param>
/// <param name="FirstImagePages">Pages of the first image holding one of those contents.</param>
public sealed record CommonPages(long SamePositionNonZero, long DistinctContents, long FirstImagePages);
