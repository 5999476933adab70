namespace FtActors.Migration.Receiving;

/// <summary>What a receiver did over a session; read by the host for its report.</summary>
public sealed class ReceiverCounters
{
    /// <summary>Pages received in full and verified against their hash.</summary>
    public long PagesReceived { get; set; }

    /// <summary>Pages taken from the local store by reference.</summary>
    public long PagesFromStore { get; set; }

    /// <summary>Pages written as zeros (a page that became zero after an earlier round).</summary>
    public long ZeroPagesWritten { get; set; }

    /// <summary>Bytes written into the destination RAM file.</summary>
    public long BytesWritten { get; set; }

    /// <summary>Batches applied.</summary>
    public long Batches { get; set; }

    /// <summary>Rounds completed.</summary>
    public int Rounds { get; set; }

    /// <summary>Milliseconds spent applying batches (verifying, reading the store, writing the RAM file).</summary>
    public double ApplyMs { get; set; }
}
