namespace FtActors.Store;

/// <summary>How a scan selects pages.</summary>
/// <param name="Policy">The rule a page must pass.</param>
/// <param name="K">For <see cref="SelectionPolicy.KOfN"/>: snapshots (of this scan) a content must appear in.</param>
/// <param name="MinStableScans">For <see cref="SelectionPolicy.Stable"/>: consecutive scans with unchanged content.</param>
/// <param name="BudgetBytes">
/// If set, at most this many bytes of distinct pages are kept for the guest, most stable first (then
/// most frequent across snapshots, then lowest frame); pages other guests already store count too, since
/// the guest relies on them.
/// </param>
public sealed record SelectionOptions(SelectionPolicy Policy = SelectionPolicy.All, int K = 1, int MinStableScans = 2, long? BudgetBytes = null)
{
    /// <summary>A short description for reports, e.g. "k-of-n (k=2)".</summary>
    public string Describe()
    {
        string rule = Policy switch
        {
            SelectionPolicy.KOfN => $"k-of-n (k={K})",
            SelectionPolicy.Stable => $"stable (>= {MinStableScans} scans)",
            _ => "all non-zero",
        };
        return BudgetBytes is long b ? $"{rule}, budget {b} bytes" : rule;
    }
}
