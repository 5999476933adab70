using System.Buffers;
using FtActors.Migration.Wire;
using FtActors.Pages;

namespace FtActors.Migration.Streaming;

/// <summary>
/// Reads the source guest's shared RAM file (or one range of its frames, when a session streams over
/// several connections) in batches of 1024 pages and types each page for the wire: zero (holes are found
/// with SEEK_DATA/SEEK_HOLE and never read), a reference when the destination store declared it holds
/// the page's hash, or normal (sent in full). A pre-deployed page written since the store was built hashes
/// differently and so goes in full: correctness never depends on the store's freshness. Only pages the
/// <see cref="IDirtyTracker"/> reports changed since they were sent are emitted.
/// </summary>
/// <remarks>
/// Pages are hashed in place through a read-only mapping (<see cref="RamFileMap"/>). A page sent in full
/// is copied first and its hash recomputed from the copy, so a guest write racing the read can never make
/// the sent bytes disagree with the sent hash; the tracker then remembers the hash of what was sent.
/// </remarks>
public sealed class PageStreamer
{
    private readonly string _ramFile;
    private readonly IPageBatchEngine _engine;
    private readonly PageHashSet? _held;
    private readonly IDirtyTracker _tracker;
    private readonly PageHash _zeroHash;
    private readonly long _firstFrame;
    private readonly long _frameCount;

    /// <summary>Creates a streamer over the whole of <paramref name="ramFile"/>.</summary>
    /// <param name="ramFile">The source guest's memory-backend-file (file offset = RAM offset).</param>
    /// <param name="engine">The page engine; <paramref name="held"/> must have been built by it.</param>
    /// <param name="held">Hashes the destination declared it holds, or null (no store: nothing is referenced).</param>
    /// <param name="tracker">What was sent so far.</param>
    public PageStreamer(string ramFile, IPageBatchEngine engine, PageHashSet? held, IDirtyTracker tracker)
        : this(ramFile, engine, held, tracker, 0, tracker?.FrameCount ?? 0)
    {
    }

    /// <summary>
    /// Creates a streamer over frames [<paramref name="firstFrame"/>, +<paramref name="frameCount"/>) of
    /// <paramref name="ramFile"/>. Streamers over disjoint ranges may share one tracker and run in parallel.
    /// </summary>
    public PageStreamer(string ramFile, IPageBatchEngine engine, PageHashSet? held, IDirtyTracker tracker, long firstFrame, long frameCount)
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

        if (firstFrame < 0 || frameCount < 0 || firstFrame + frameCount > tracker.FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frameCount), $"frames [{firstFrame}, {firstFrame + frameCount}) were expected inside the file's {tracker.FrameCount} frames");
        }

        _firstFrame = firstFrame;
        _frameCount = frameCount;
    }

    /// <summary>First frame this streamer reads.</summary>
    public long FirstFrame => _firstFrame;

    /// <summary>Frames this streamer reads.</summary>
    public long FrameCount => _frameCount;

    /// <summary>
    /// Reads the streamer's range once and yields the batches this round must send. In round 0 the destination
    /// file is fresh (all zero), so zero pages need no slot at all; later rounds send a zero page that was
    /// non-zero before as a Zero slot, which the receiver writes as zeros.
    /// </summary>
    /// <remarks>Ownership: each yielded batch belongs to the caller, who disposes it.</remarks>
    public IEnumerable<OutgoingBatch> ReadRound(int round, RoundCounters counters) => ReadRound(round, counters, null);

    /// <summary>
    /// As <see cref="ReadRound(int, RoundCounters)"/>, but when <paramref name="candidates"/> is given only
    /// the frames it holds are read; every other frame counts as unchanged (a soft-dirty pass said it was
    /// not written since it was last read).
    /// </summary>
    public IEnumerable<OutgoingBatch> ReadRound(int round, RoundCounters counters, DirtyFrameSet? candidates) =>
        ReadRound(round, counters, candidates, new BatchCursor(_firstFrame, _frameCount));

    /// <summary>
    /// As <see cref="ReadRound(int, RoundCounters, DirtyFrameSet?)"/>, but the batches are taken from
    /// <paramref name="cursor"/>, which several streamers of one round may share (each batch is read by
    /// exactly one of them). The cursor must lie inside this streamer's frames.
    /// </summary>
    public IEnumerable<OutgoingBatch> ReadRound(int round, RoundCounters counters, DirtyFrameSet? candidates, BatchCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(cursor);
        if (cursor.FirstFrame < _firstFrame || cursor.EndFrame > _firstFrame + _frameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(cursor), $"a cursor inside frames [{_firstFrame}, {_firstFrame + _frameCount}) was expected, found [{cursor.FirstFrame}, {cursor.EndFrame})");
        }

        return ReadBatches(round, counters, candidates, cursor);
    }

    private IEnumerable<OutgoingBatch> ReadBatches(int round, RoundCounters counters, DirtyFrameSet? candidates, BatchCursor cursor)
    {
        using var map = new RamFileMap(_ramFile);
        var hashes = new PageHash[PageSize.BatchPages];
        var types = new PageType[PageSize.BatchPages];
        var holes = new bool[PageSize.BatchPages];
        var skipped = new bool[PageSize.BatchPages];
        var copy = new byte[PageSize.BatchPages * PageSize.Bytes];
        while (cursor.TryTake(out var first, out var n))
        {
            if (!TypeBatch(map, round, first, n, candidates, counters, hashes, types, holes, skipped, copy))
            {
                continue;
            }

            var size = PageBatchCodec.PayloadSize(types.AsSpan(0, n));
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            PageBatchCodec.Encode((ulong)first, types.AsSpan(0, n), hashes.AsSpan(0, n), copy.AsSpan(0, n * PageSize.Bytes), buffer);
            counters.Batches++;
            yield return new OutgoingBatch(buffer, size, (ulong)first, n);
        }
    }

    /// <summary>Types one batch in place; returns whether any slot must be sent. Normal pages end up copied into <paramref name="copy"/>.</summary>
    private bool TypeBatch(
        RamFileMap map, int round, long first, int n, DirtyFrameSet? candidates, RoundCounters counters,
        PageHash[] hashes, PageType[] types, bool[] holes, bool[] skipped, byte[] copy)
    {
        map.FindHoles(first, holes.AsSpan(0, n));
        var any = false;
        for (var i = 0; i < n; i++)
        {
            skipped[i] = !holes[i] && candidates is not null && !candidates.Contains(first + i);
            any |= !holes[i] && !skipped[i];
            // NotPresent keeps the engine from reading holes and frames soft-dirty said are clean.
            types[i] = holes[i] || skipped[i] ? PageType.NotPresent : PageType.Normal;
        }

        if (any)
        {
            _engine.Classify(map.Pages(first, n), _held, hashes.AsSpan(0, n), types.AsSpan(0, n));
        }

        var emit = false;
        var live = map.Pages(first, n);
        for (var i = 0; i < n; i++)
        {
            var frame = first + i;
            if (skipped[i])
            {
                counters.UnchangedPages++;
                continue;
            }

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

            if (!_tracker.Update(frame, hashes[i]) || (round == 0 && types[i] == PageType.Zero))
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
                    // Copy, then hash the copy: the live page may have changed since it was classified.
                    var slot = copy.AsSpan(i * PageSize.Bytes, PageSize.Bytes);
                    live.Slice(i * PageSize.Bytes, PageSize.Bytes).CopyTo(slot);
                    var sent = _engine.Hash(slot);
                    if (sent != hashes[i])
                    {
                        hashes[i] = sent;
                        _tracker.Update(frame, sent);
                    }

                    counters.PagesSent++;
                    break;
            }
        }

        return emit;
    }
}
