namespace FtActors.Pages;

/// <summary>The page size FtActors works in: x86's 4 KiB, the target page size of QEMU and Xen on x86.</summary>
public static class PageSize
{
    /// <summary>Bytes in one page.</summary>
    public const int Bytes = 4096;

    /// <summary>log2 of <see cref="Bytes"/>, for frame-to-offset shifts.</summary>
    public const int Shift = 12;

    /// <summary>Pages in one engine batch: the prototype's batch of 1024, kept for the wire format.</summary>
    public const int BatchPages = 1024;
}
