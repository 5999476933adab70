using System.Globalization;

namespace FtActors.Pages;

/// <summary>A frame map could not be built: a source frame appears twice, or a frame exceeds 40 bits.</summary>
public sealed class FrameMapException : PagesException
{
    /// <summary>Creates the exception for pair <paramref name="index"/>, whose source frame is <paramref name="frame"/>.</summary>
    public FrameMapException(long index, ulong frame, bool duplicate)
        : base(string.Format(
            CultureInfo.InvariantCulture,
            duplicate
                ? "Frame map pair {0}: expected each source frame once but found frame 0x{1:x} again."
                : "Frame map pair {0}: expected frame numbers below 2^40 (the pagetable frame field) but found 0x{1:x}.",
            index,
            frame))
    {
        Index = index;
        Frame = frame;
        IsDuplicate = duplicate;
    }

    /// <summary>The index of the offending pair in the input.</summary>
    public long Index { get; }

    /// <summary>The source frame of that pair (or the target frame when it was out of range).</summary>
    public ulong Frame { get; }

    /// <summary>True for a repeated source frame, false for a frame out of range.</summary>
    public bool IsDuplicate { get; }
}
