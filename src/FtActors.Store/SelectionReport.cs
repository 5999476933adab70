using System.Collections.Immutable;

namespace FtActors.Store;

/// <summary>What one scan of a guest read, selected and wrote, and why.</summary>
/// <param name="Guest">The guest scanned.</param>
/// <param name="Policy">The policy, as <see cref="SelectionOptions.Describe"/> renders it.</param>
/// <param name="Snapshots">Snapshots read in this scan.</param>
/// <param name="BytesRead">Bytes of guest memory read over all snapshots and passes.</param>
/// <param name="Frames">Frames of the latest snapshot that were read (holes excluded).</param>
/// <param name="ZeroFrames">Frames of the latest snapshot whose page was all zero (never stored, never sent).</param>
/// <param name="Reasons">Non-zero frames of the latest snapshot by outcome and reason.</param>
/// <param name="SelectedPages">Distinct pages the guest's map now relies on.</param>
/// <param name="SharedPages">Of those, pages the store already held before this scan (cross-guest or earlier-scan dedup).</param>
/// <param name="NewPages">Pages written to the page area by this scan.</param>
/// <param name="ChangedDuringScan">Selected pages that changed between the two passes over a live file, and so were dropped.</param>
public sealed record SelectionReport(
    string Guest,
    string Policy,
    int Snapshots,
    long BytesRead,
    long Frames,
    long ZeroFrames,
    ImmutableArray<SelectionReason> Reasons,
    long SelectedPages,
    long SharedPages,
    long NewPages,
    long ChangedDuringScan)
{
    /// <summary>Bytes written to the page area.</summary>
    public long NewBytes => NewPages * Pages.PageSize.Bytes;
}
