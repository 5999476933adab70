namespace FtActors.Images.Analysis;

/// <summary>Consecutive frames in one <see cref="PageState"/>, for drawing the page map.</summary>
/// <param name="Frame">First frame.</param>
/// <param name="Count">Number of frames.</param>
/// <param name="State">Their state.</param>
public readonly record struct PageStateRun(ulong Frame, long Count, PageState State);
