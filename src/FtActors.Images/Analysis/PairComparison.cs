namespace FtActors.Images.Analysis;

/// <summary>The first image against one other, by position and by content.</summary>
/// <param name="First">Path of the first (reference) image.</param>
/// <param name="Second">Path of the other image.</param>
/// <param name="Totals">The figures over all frames (Name "total").</param>
/// <param name="FoundAnywhere">Non-zero pages of the second image whose content occurs anywhere in the first (by hash).</param>
/// <param name="SecondNonZero">Non-zero pages of the second image (the base for <paramref name="FoundAnywhere"/>).</param>
/// <param name="Regions">The same figures per region of the first image.</param>
public sealed record PairComparison(
    string First, string Second, RegionComparison Totals, long FoundAnywhere, long SecondNonZero, IReadOnlyList<RegionComparison> Regions)
{
    /// <summary>True when both images hold the same frames with the same contents.</summary>
    public bool Identical => Totals.OnlyFirst == 0 && Totals.OnlySecond == 0 && Totals.Moved == 0 && Totals.Different == 0;
}
