using FtActors.Pages;
using FtActors.Store;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Upkeep;

/// <summary>What one shipping pass sent and the spare acknowledged.</summary>
/// <param name="Acked">Hashes the spare has committed.</param>
/// <param name="PagesSent">Pages sent.</param>
/// <param name="PagesChanged">Selected pages skipped because their frame changed between the scan and the send.</param>
/// <param name="BytesSent">Payload bytes sent (pages and map).</param>
public sealed record ShipResult(IReadOnlyList<PageHash> Acked, long PagesSent, long PagesChanged, long BytesSent);

/// <summary>
/// Sends a scan's selected pages the spare lacks, then the guest's map, within a bandwidth budget. Each page is
/// read again from the RAM file and re-hashed just before it goes: a frame that changed since the scan is
/// skipped (its new content has not proved stable). At most <see cref="Window"/> batches are unacknowledged,
/// so a slow spare slows the sender instead of filling memory.
/// </summary>
public static class FeedShipper
{
    /// <summary>Pages per FeedPages frame (1 MiB): small enough to keep the budget smooth.</summary>
    public const int BatchPages = 256;

    /// <summary>Batches in flight before the sender waits for an ack.</summary>
    public const int Window = 8;

    /// <summary>Ships <paramref name="scan"/>'s pages and map; the sequence numbers continue from <paramref name="sequence"/>.</summary>
    public static async Task<ShipResult> ShipAsync(
        string ramFile,
        ScanResult scan,
        uint scans,
        DateTimeOffset at,
        IStoreFeed feed,
        TokenBucket? bandwidth,
        IPageEngine? engine,
        Func<ulong> sequence,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(sequence);
        engine ??= PageEngines.Default;
        var inFlight = new Queue<(ulong Seq, PageHash[] Hashes)>();
        var acked = new List<PageHash>();
        long sent = 0, changed = 0, bytes = 0;
        byte[] pages = new byte[BatchPages * PageSize.Bytes];
        var hashes = new PageHash[BatchPages];
        var types = new PageType[BatchPages];
        var claimed = new PageHash[BatchPages];
        using SafeFileHandle file = File.OpenHandle(ramFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        for (int start = 0; start < scan.ToShip.Length; start += BatchPages)
        {
            int n = Math.Min(BatchPages, scan.ToShip.Length - start);
            for (int i = 0; i < n; i++)
            {
                GuestMapEntry e = scan.ToShip[start + i];
                Span<byte> dest = pages.AsSpan(i * PageSize.Bytes, PageSize.Bytes);
                int got = RandomAccess.Read(file, dest, (long)e.Frame * PageSize.Bytes);
                dest[got..].Clear();
                claimed[i] = e.Hash;
            }

            engine.Classify(pages.AsSpan(0, n * PageSize.Bytes), hashes.AsSpan(0, n), types.AsSpan(0, n));

            // Keep the pages that still hash to what the scan saw, packed to the front.
            int kept = 0;
            for (int i = 0; i < n; i++)
            {
                if (types[i] != PageType.Zero && hashes[i] == claimed[i])
                {
                    if (kept != i)
                    {
                        pages.AsSpan(i * PageSize.Bytes, PageSize.Bytes).CopyTo(pages.AsSpan(kept * PageSize.Bytes));
                    }

                    hashes[kept++] = claimed[i];
                }
                else
                {
                    changed++;
                }
            }

            if (kept == 0)
            {
                continue;
            }

            long frameBytes = 4 + ((long)kept * (16 + PageSize.Bytes));
            if (bandwidth is not null)
            {
                await bandwidth.TakeAsync(frameBytes, cancellationToken).ConfigureAwait(false);
            }

            while (inFlight.Count >= Window)
            {
                await AckOneAsync(feed, inFlight, acked, cancellationToken).ConfigureAwait(false);
            }

            ulong seq = sequence();
            PageHash[] batchHashes = hashes.AsSpan(0, kept).ToArray();
            await feed.SendPagesAsync(seq, batchHashes, pages.AsMemory(0, kept * PageSize.Bytes), cancellationToken).ConfigureAwait(false);
            inFlight.Enqueue((seq, batchHashes));
            sent += kept;
            bytes += frameBytes;
        }

        // The map goes last so every page it selects has been sent before it (the spare unselects what it lacks).
        long mapBytes = 4 + ((long)scan.Map.Length * StoreFeedCodec.MapEntryBytes) + 12;
        if (bandwidth is not null)
        {
            await bandwidth.TakeAsync(mapBytes, cancellationToken).ConfigureAwait(false);
        }

        ulong mapSeq = sequence();
        await feed.SendMapAsync(mapSeq, scan.Map, scans, at, cancellationToken).ConfigureAwait(false);
        inFlight.Enqueue((mapSeq, []));
        bytes += mapBytes;
        while (inFlight.Count > 0)
        {
            await AckOneAsync(feed, inFlight, acked, cancellationToken).ConfigureAwait(false);
        }

        return new ShipResult(acked, sent, changed, bytes);
    }

    private static async Task AckOneAsync(IStoreFeed feed, Queue<(ulong Seq, PageHash[] Hashes)> inFlight, List<PageHash> acked, CancellationToken cancellationToken)
    {
        ulong seq = await feed.ReadAckAsync(cancellationToken).ConfigureAwait(false);
        (ulong expected, PageHash[] hashes) = inFlight.Dequeue();
        if (seq != expected)
        {
            throw new UpkeepException($"store feed: expected the ack of sequence {expected}, found an ack of {seq}");
        }

        acked.AddRange(hashes);
    }
}
