namespace FtActors.Migration.Receiving;

/// <summary>How a receiving session ended.</summary>
/// <param name="Committed">True when the destination took over the guest.</param>
/// <param name="Reason">Why it did not, or null.</param>
/// <param name="Destination">The destination guest's name (registered with the lab when committed).</param>
/// <param name="RunState">The destination's QEMU run state at commit, or null.</param>
/// <param name="Rounds">Rounds received.</param>
/// <param name="PagesReceived">Pages received in full and verified.</param>
/// <param name="PagesFromStore">Pages filled from the local store.</param>
/// <param name="BytesReceived">Bytes read from the page connection.</param>
/// <param name="HeldHashes">Hashes declared to the sender.</param>
public sealed record ReceiverResult(
    bool Committed, string? Reason, string? Destination, string? RunState, int Rounds, long PagesReceived, long PagesFromStore, long BytesReceived, long HeldHashes);
