namespace FtActors.Pages;

/// <summary>What a page is, as far as moving it is concerned. Stored as one byte in batch type arrays.</summary>
public enum PageType : byte
{
    /// <summary>Ordinary contents: sent in full unless the destination holds it.</summary>
    Normal = 0,

    /// <summary>Every byte is zero: never sent, the destination reads zero.</summary>
    Zero = 1,

    /// <summary>A Xen PV pagetable page: its entries hold machine frames and must be canonicalised.</summary>
    PageTable = 2,

    /// <summary>The frame is not backed (a hole in an image, an unpopulated Xen frame).</summary>
    NotPresent = 3,

    /// <summary>The destination's page store already holds this content: only a reference travels.</summary>
    AtDestination = 4,
}
