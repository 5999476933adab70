namespace FtActors.Migration.Xen;

/// <summary>
/// The sender's account of one Xen image move, with the same counters as a RAM migration's report.
/// <see cref="Outcome"/> is "written" when the receiver confirmed the image on disk, else "aborted" with
/// <see cref="Reason"/>.
/// </summary>
public sealed record XenMoveReport
{
    /// <summary>"written" or "aborted".</summary>
    public required string Outcome { get; init; }

    /// <summary>Why the move was aborted; null when written.</summary>
    public string? Reason { get; init; }

    /// <summary>The source image path.</summary>
    public required string Image { get; init; }

    /// <summary>The reader's format name, or empty when the image could not be read.</summary>
    public string Format { get; init; } = "";

    /// <summary>Where the receiver wrote the image (its own path).</summary>
    public string? Destination { get; init; }

    /// <summary>Length of the image file.</summary>
    public long ImageBytes { get; init; }

    /// <summary>Page slots in the image.</summary>
    public long Slots { get; init; }

    /// <summary>Slots the save typed as PV pagetables.</summary>
    public long PageTableSlots { get; init; }

    /// <summary>Bytes outside the page runs, sent verbatim.</summary>
    public long RecordBytes { get; init; }

    /// <summary>Bytes read from the image file (records and pages).</summary>
    public long BytesRead { get; init; }

    /// <summary>Bytes written to the page connection, frame headers included.</summary>
    public long BytesOnWire { get; init; }

    /// <summary>Pages sent in full.</summary>
    public long PagesSent { get; init; }

    /// <summary>Pages sent as a reference to the receiver's store.</summary>
    public long PagesReferenced { get; init; }

    /// <summary>All-zero pages (not sent: the receiver's slot file starts zero).</summary>
    public long ZeroPages { get; init; }

    /// <summary>Batch frames sent.</summary>
    public long Batches { get; init; }

    /// <summary>Hashes the receiver's store declared.</summary>
    public long StoreHeld { get; init; }

    /// <summary>Wall time from connecting to the receiver's confirmation.</summary>
    public double ElapsedMs { get; init; }
}
