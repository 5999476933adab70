using System.Collections.Immutable;

namespace FtActors.Store;

/// <summary>The outcome of a full store check.</summary>
/// <param name="Identity">The store checked, or null when it could not be opened at all.</param>
/// <param name="PagesChecked">Pages re-read and re-hashed.</param>
/// <param name="MapEntriesChecked">Guest map entries checked against the index.</param>
/// <param name="Problems">Every mismatch found, each naming the file, offset, slot or frame; empty when the store is sound.</param>
public sealed record VerifyReport(StoreIdentity? Identity, long PagesChecked, long MapEntriesChecked, ImmutableArray<string> Problems)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool Ok => Problems.IsEmpty;
}
