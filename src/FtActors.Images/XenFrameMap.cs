namespace FtActors.Images;

/// <summary>
/// What a Xen save file says about the guest's frames, for canonicalising PV pagetables and for excluding
/// host-specific pages from comparisons.
/// </summary>
/// <param name="DomainType">"pv", "hvm" or "unknown".</param>
/// <param name="GuestWidth">Bytes per p2m entry and per pagetable word the guest uses (4 or 8); 0 when unknown.</param>
/// <param name="PageTableLevels">2, 3 or 4 for PV guests; 0 when unknown.</param>
/// <param name="MaxPfn">One past the highest pfn the save covers (legacy max_pfn, or the P2M_FRAMES end + 1).</param>
/// <param name="P2mFramePfns">
/// The pfns of the guest pages that hold its own pfn-to-mfn table, in table order. Those pages carry host
/// machine frame numbers, so they differ between hosts and saves even when the guest did not change.
/// </param>
/// <param name="XenVersion">"major.minor" from a libxc domain header, or empty.</param>
public sealed record XenFrameMap(
    string DomainType,
    int GuestWidth,
    int PageTableLevels,
    ulong MaxPfn,
    IReadOnlyList<ulong> P2mFramePfns,
    string XenVersion);
