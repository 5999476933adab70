namespace FtActors.Store;

/// <summary>What store B lacks of store A: the pages that must travel to bring B up to A.</summary>
/// <param name="Guest">The guest whose selected pages were compared, or null for every page A holds.</param>
/// <param name="PagesConsidered">Distinct pages of A compared.</param>
/// <param name="PagesMissing">Of those, pages B does not hold.</param>
public sealed record DiffReport(string? Guest, long PagesConsidered, long PagesMissing)
{
    /// <summary>Bytes of the missing pages.</summary>
    public long BytesMissing => PagesMissing * Pages.PageSize.Bytes;

    /// <summary>Pages B already holds.</summary>
    public long PagesShared => PagesConsidered - PagesMissing;
}
