namespace FtActors.Pages;

/// <summary>Why a pagetable entry could not be canonicalised or uncanonicalised.</summary>
public enum PageTableFault
{
    /// <summary>The entry's frame is not in the map: not the guest's frame (canonicalising), or not populated at the destination.</summary>
    Unmapped = 1,

    /// <summary>A present entry above L1 has the PSE bit: PV guests may not map superpages.</summary>
    Superpage = 2,
}
