using FtActors.Pages;

namespace FtActors.Migration.Streaming;

/// <summary>
/// Hands out the batches of one round to several streamers, one batch at a time, so the page connections
/// share the work however the guest's data is laid out. With fixed ranges per connection a guest whose data
/// sits in one half of its RAM left one core hashing while the other waited; with a shared cursor both
/// finish within one batch of each other. Every batch goes to exactly one streamer, so the frames of a
/// round stay disjoint between connections. One cursor serves one round: make a new one for the next.
/// </summary>
public sealed class BatchCursor
{
    private readonly long _firstFrame;
    private readonly long _endFrame;
    private long _next;

    /// <summary>A cursor over frames [<paramref name="firstFrame"/>, +<paramref name="frameCount"/>), in batches of <see cref="PageSize.BatchPages"/>.</summary>
    public BatchCursor(long firstFrame, long frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrame);
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        _firstFrame = firstFrame;
        _endFrame = firstFrame + frameCount;
        _next = firstFrame;
    }

    /// <summary>First frame the cursor covers.</summary>
    public long FirstFrame => _firstFrame;

    /// <summary>One past the last frame the cursor covers.</summary>
    public long EndFrame => _endFrame;

    /// <summary>
    /// Frames handed out so far (each connection works on at most a batch or two it has taken): how far the round
    /// has got, for progress reports. Safe to read from any thread while others take batches.
    /// </summary>
    public long FramesTaken => Math.Min(Volatile.Read(ref _next), _endFrame) - _firstFrame;

    /// <summary>
    /// Takes the next batch: its first frame and page count. Returns false once every batch was taken.
    /// Safe to call from several threads at once.
    /// </summary>
    public bool TryTake(out long first, out int count)
    {
        first = Interlocked.Add(ref _next, PageSize.BatchPages) - PageSize.BatchPages;
        if (first >= _endFrame)
        {
            count = 0;
            return false;
        }

        count = (int)Math.Min(PageSize.BatchPages, _endFrame - first);
        return true;
    }
}
