namespace FtActors.Images.Analysis;

/// <summary>Everything <c>ftactors compare</c> measures.</summary>
/// <param name="Engine">Page engine used ("native" or "managed").</param>
/// <param name="Images">Each image in brief, in command-line order.</param>
/// <param name="Pairs">The first image against each other one.</param>
/// <param name="Common">What all images share.</param>
public sealed record CompareReport(string Engine, IReadOnlyList<ImageSummary> Images, IReadOnlyList<PairComparison> Pairs, CommonPages Common)
{
    /// <summary>True when every image equals the first, frame for frame.</summary>
    public bool Identical => Pairs.All(p => p.Identical);
}
