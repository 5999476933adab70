using FtActors.Pages;

namespace FtActors.Migration.Streaming;

/// <summary>
/// Decides which pages a round sends: those whose content changed since it was last sent. The hash
/// implementation works on every kernel; a soft-dirty one could skip reading clean pages later. Whatever
/// the implementation, the final round with the source paused must be exact.
/// </summary>
public interface IDirtyTracker
{
    /// <summary>Pages tracked (the guest's RAM file size / 4096).</summary>
    long FrameCount { get; }

    /// <summary>
    /// Records that <paramref name="frame"/> now has content <paramref name="hash"/> and returns whether it
    /// must be sent: true when the page was never sent or its content differs from what was sent.
    /// </summary>
    bool Update(long frame, PageHash hash);

    /// <summary>Forgets what was sent for <paramref name="frame"/>, so the next round sends it again.</summary>
    void Invalidate(long frame);
}
