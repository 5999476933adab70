namespace FtActors.Store;

/// <summary>Which of a guest's non-zero pages a scan keeps in the store.</summary>
public enum SelectionPolicy
{
    /// <summary>Every non-zero page of the latest snapshot.</summary>
    All,

    /// <summary>Pages of the latest snapshot whose content appears in at least K of the N snapshots of this scan.</summary>
    KOfN,

    /// <summary>
    /// Pages that kept the same content at the same frame for at least the given number of consecutive
    /// scans, counting earlier scans recorded in the guest's map: the "rarely written" test.
    /// </summary>
    Stable,
}
