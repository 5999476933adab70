namespace FtActors.Images.Analysis;

/// <summary>What one frame of an image holds, after the engine has looked at its bytes.</summary>
public enum PageKind : byte
{
    /// <summary>The image has no contents for the frame (NotPresent, or a frame outside the image).</summary>
    Absent,

    /// <summary>All bytes zero.</summary>
    Zero,

    /// <summary>Non-zero ordinary contents.</summary>
    Data,

    /// <summary>Non-zero Xen PV pagetable contents.</summary>
    PageTable,
}
