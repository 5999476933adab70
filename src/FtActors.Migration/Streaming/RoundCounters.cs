namespace FtActors.Migration.Streaming;

/// <summary>What one round of the streamer did, page by page. Mutable: the streamer adds as it goes.</summary>
public sealed class RoundCounters
{
    /// <summary>Bytes read from the source RAM file (holes are not read).</summary>
    public long BytesRead { get; set; }

    /// <summary>Pages whose content went on the wire in full.</summary>
    public long PagesSent { get; set; }

    /// <summary>Pages sent as a reference into the destination's store (hash only).</summary>
    public long PagesReferenced { get; set; }

    /// <summary>Zero pages (holes included): never sent in full.</summary>
    public long ZeroPages { get; set; }

    /// <summary>Pages whose content was unchanged since it was last sent.</summary>
    public long UnchangedPages { get; set; }

    /// <summary>Pages in holes of the RAM file, skipped without reading.</summary>
    public long HolePages { get; set; }

    /// <summary>Batches (frames) emitted.</summary>
    public long Batches { get; set; }

    /// <summary>Pages this round changed at the destination: sent, referenced, or zeroed again.</summary>
    public long ChangedPages { get; set; }

    /// <summary>Milliseconds the round spent reading, hashing and encoding pages (the streamer's own work).</summary>
    public double ReadMs { get; set; }

    /// <summary>Milliseconds spent waiting for a credit (the receiver had not acknowledged enough batches).</summary>
    public double CreditWaitMs { get; set; }

    /// <summary>Milliseconds spent writing batches to the connection (the link or the socket buffer was full).</summary>
    public double WriteMs { get; set; }

    /// <summary>Milliseconds from the round's last frame to the receiver's RoundDone (its last writes, or waiting for the destination QEMU).</summary>
    public double DoneWaitMs { get; set; }
}
