namespace FtActors.Images.Analysis;

/// <summary>A pair comparison restricted to one region of the first image (or to frames outside all of them).</summary>
/// <param name="Name">Region name; "(outside)" for frames the first image has no region for.</param>
/// <param name="GuestPhysicalAddress">GPA of the region's first page, or null.</param>
/// <param name="Pages">Frames with contents in either image.</param>
/// <param name="Same">Same position, same content (zero pages included): the prototype's "matches".</param>
/// <param name="SameNonZero">Of <paramref name="Same"/>, the non-zero ones.</param>
/// <param name="ZeroBoth">Zero in both images.</param>
/// <param name="Moved">Different at this position, but the second image's content is somewhere in the first.</param>
/// <param name="Different">Different at this position and not found anywhere in the first image (zero pages count here too when only one side is zero).</param>
/// <param name="OnlyFirst">Contents only in the first image.</param>
/// <param name="OnlySecond">Contents only in the second image.</param>
public sealed record RegionComparison(
    string Name, ulong? GuestPhysicalAddress, long Pages, long Same, long SameNonZero, long ZeroBoth, long Moved, long Different, long OnlyFirst, long OnlySecond);
