using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// A snapshot of guest memory as the store builder reads it: batches of (frame, 4 KiB page) in ascending
/// frame order, each frame at most once. Frames a source knows to be zero without reading (holes) may be
/// left out. Raw dumps and live RAM files are built in; other image formats adapt to this.
/// </summary>
public interface IPageSource : IDisposable
{
    /// <summary>A name for reports (usually the file path).</summary>
    string Name { get; }

    /// <summary>
    /// Fills up to <c>frames.Length</c> pages (<paramref name="pages"/> holds 4096 bytes per frame slot);
    /// returns how many, 0 at the end. Reading again after the end returns 0.
    /// </summary>
    int Read(Span<ulong> frames, Span<byte> pages);

    /// <summary>Starts again from the first frame (the builder's second pass when a budget must be ranked first).</summary>
    void Rewind();
}
