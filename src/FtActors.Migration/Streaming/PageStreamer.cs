using System.Buffers;
using FtActors.Images;
using FtActors.Migration.Wire;
using FtActors.Pages;

namespace FtActors.Migration.Streaming;

/// <summary>
/// Reads the source guest's shared RAM file in batches of 1024 pages and types each page for the wire:
/// zero (holes are found with SEEK_DATA/SEEK_HOLE and never read), a reference when the destination
/// store declared it holds the page's hash, or normal (sent in full). A pre-deployed page written since
/// the store was built hashes differently and so goes in full: correctness never depends on the store's
/// freshness. Only pages the <see cref="IDirtyTracker"/> reports changed since they were sent are emitted.
/// </summary>
public sealed class PageStreamer
{
    private readonly string _ramFile;
    private readonly IPageBatchEngine _engine;
    private readonly PageHashSet? _held;
    private readonly IDirtyTracker _tracker;
    private readonly PageHash _zeroHash;

    /// <summary>Creates a streamer over <paramref name="ramFile"/>.</summary>
    /// <param name="ramFile">The source guest's memory-backend-file (file offset = RAM offset).</param>
    /// <param name="engine">The page engine; <paramref name="held"/> must have been built by it.</param>
    /// <param name="held">Hashes the destination declared it holds, or null (no store: nothing is referenced).</param>
    /// <param name="tracker">What was sent so far.</param>
    public PageStreamer(string ramFile, IPageBatchEngine engine, PageHashSet? held, IDirtyTracker tracker)
    {
        _ramFile = ramFile ?? throw new ArgumentNullException(nameof(ramFile));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));
        _held = held;
        _zeroHash = engine.Hash(new byte[PageSize.Bytes]);
        var length = new FileInfo(ramFile).Length;
        if (length == 0 || length % PageSize.Bytes != 0 || length / PageSize.Bytes != tracker.FrameCount)
        {
            throw new MigrationException($"{ramFile}: expected a RAM file of {tracker.FrameCount} pages ({tracker.FrameCount * PageSize.Bytes} bytes), found {length} bytes");
        }
    }

    /// <summary>
    /// Reads the whole file once and yields the batches this round must send. In round 0 the destination
    /// file is fresh (all zero), so zero pages need no slot at all; later rounds send a zero page that was
    /// non-zero before as a Zero slot, which the receiver writes as zeros.
    /// </summary>
    /// <remarks>Ownership: each yielded batch belongs to the caller, who disposes it.</remarks>
    public IEnumerable<OutgoingBatch> ReadRound(int round, RoundCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        using var image = ImageReader.Open(_ramFile, new ImageOpenOptions { Format = ImageFormat.Raw });
        var hashes = new PageHash[PageSize.BatchPages];
        var types = new PageType[PageSize.BatchPages];
        var holes = new bool[PageSize.BatchPages];
        foreach (var batch in image.ReadBatches(PageSize.BatchPages))
        {
            var n = batch.Count;
            var first = batch.Frames[0];
            for (var i = 0; i < n; i++)
            {
                // The reader typed holes Zero without reading them; NotPresent keeps the engine from hashing them.
                holes[i] = batch.Types[i] == PageType.Zero;
                types[i] = holes[i] ? PageType.NotPresent : PageType.Normal;
            }

            _engine.Classify(batch.Pages, _held, hashes.AsSpan(0, n), types.AsSpan(0, n));
            var emit = false;
            for (var i = 0; i < n; i++)
            {
                if (holes[i])
                {
                    counters.HolePages++;
                    types[i] = PageType.Zero;
                    hashes[i] = _zeroHash;
                }
                else
                {
                    counters.BytesRead += PageSize.Bytes;
                }

                if (!_tracker.Update((long)first + i, hashes[i]) || (round == 0 && types[i] == PageType.Zero))
                {
                    if (types[i] == PageType.Zero)
                    {
                        counters.ZeroPages++;
                    }
                    else
                    {
                        counters.UnchangedPages++;
                    }

                    types[i] = PageType.NotPresent;
                    continue;
                }

                emit = true;
                counters.ChangedPages++;
                switch (types[i])
                {
                    case PageType.Zero:
                        counters.ZeroPages++;
                        break;
                    case PageType.AtDestination:
                        counters.PagesReferenced++;
                        break;
                    default:
                        counters.PagesSent++;
                        break;
                }
            }

            if (!emit)
            {
                continue;
            }

            var size = PageBatchCodec.PayloadSize(types.AsSpan(0, n));
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            PageBatchCodec.Encode(first, types.AsSpan(0, n), hashes.AsSpan(0, n), batch.Pages, buffer);
            counters.Batches++;
            yield return new OutgoingBatch(buffer, size, first, n);
        }
    }
}
