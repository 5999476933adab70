namespace FtActors.Migration.Session;

/// <summary>The final report of a session, on the source side; printed by <c>ftactors migrate send --json</c>.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Guest">The guest moved.</param>
/// <param name="Outcome">"committed" or "aborted".</param>
/// <param name="Reason">Why it aborted, or null.</param>
/// <param name="Rounds">Rounds completed, the final one included.</param>
/// <param name="BytesRead">Bytes read from the source RAM file over all rounds.</param>
/// <param name="BytesOnWire">Bytes written to the page connection (headers included).</param>
/// <param name="DeviceStateBytes">Bytes QEMU moved for the device state.</param>
/// <param name="PagesSent">Pages sent in full.</param>
/// <param name="PagesReferenced">Pages sent as a store reference.</param>
/// <param name="ZeroPages">Zero pages seen in round 0 (not sent).</param>
/// <param name="FinalRoundPages">Pages changed in the final (paused) round.</param>
/// <param name="DowntimeMs">From pausing the source to the destination running (or ready, when left paused).</param>
/// <param name="TotalMs">From start to commit or abort.</param>
/// <param name="DigestsMatched">Whether the whole-RAM digests of both ends matched after the final round (null: not checked).</param>
/// <param name="HeldHashes">Hashes the destination declared it holds.</param>
public sealed record MigrationReport(
    Guid SessionId,
    string Guest,
    string Outcome,
    string? Reason,
    int Rounds,
    long BytesRead,
    long BytesOnWire,
    long DeviceStateBytes,
    long PagesSent,
    long PagesReferenced,
    long ZeroPages,
    long FinalRoundPages,
    double DowntimeMs,
    double TotalMs,
    bool? DigestsMatched,
    long HeldHashes)
{
    /// <summary>
    /// From session start to QEMU reporting the device state moved on the source: the same end point as
    /// QEMU's own <c>total-time</c> (which starts at <c>migrate</c>, with the destination already started).
    /// </summary>
    public double MigrationMs { get; init; }

    /// <summary>Milliseconds per phase: prepare, destination-start (inside prepare), round-N, final-round, device-state, commit.</summary>
    public IReadOnlyDictionary<string, double> PhasesMs { get; init; } = new Dictionary<string, double>();

    /// <summary>Page connections used.</summary>
    public int Connections { get; init; } = 1;

    /// <summary>How changed pages were found ("hash", or "soft-dirty"), with the reason when soft-dirty was not used.</summary>
    public string DirtyTracking { get; init; } = "hash";
}
