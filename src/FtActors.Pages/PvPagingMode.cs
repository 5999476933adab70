namespace FtActors.Pages;

/// <summary>The paging mode of a Xen PV guest (X86_PV_INFO's pt_levels); decides which slots belong to Xen.</summary>
public enum PvPagingMode
{
    /// <summary>32-bit PAE guest: 3 levels; L3 slots 4-511 are Xen's.</summary>
    Pae = 3,

    /// <summary>64-bit guest: 4 levels; L4 slots 256-271 map the hypervisor.</summary>
    FourLevel = 4,
}
