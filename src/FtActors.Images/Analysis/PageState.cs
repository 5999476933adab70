namespace FtActors.Images.Analysis;

/// <summary>A frame's state in a two-image comparison, as the page map colours it.</summary>
public enum PageState : byte
{
    /// <summary>Neither image has the frame (a gap in the address space).</summary>
    Absent,

    /// <summary>Zero in both.</summary>
    Zero,

    /// <summary>Same non-zero content at the same position.</summary>
    Same,

    /// <summary>Different here, but the second image's content is somewhere in the first.</summary>
    Moved,

    /// <summary>Different and not found in the first image.</summary>
    Different,

    /// <summary>Only one of the images holds contents for the frame.</summary>
    OnlyOne,
}
