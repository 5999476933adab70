using FtActors.Store;

namespace FtActors.Upkeep;

/// <summary>
/// Which of a guest's non-zero pages the VmActor keeps on its spare, with the page store's policy names:
/// <see cref="SelectionPolicy.All"/> (every non-zero page) or <see cref="SelectionPolicy.Stable"/> (unchanged
/// at its frame for at least <see cref="MinStableScans"/> scans). K-of-N needs N snapshots at once and has
/// no meaning for a running scan, so it is refused.
/// </summary>
public sealed record UpkeepPolicy
{
    /// <summary>Creates a policy; <paramref name="minStableScans"/> 1 under Stable is the same as All.</summary>
    /// <exception cref="ArgumentException">K-of-N, or a count below 1.</exception>
    public UpkeepPolicy(SelectionPolicy policy = SelectionPolicy.Stable, int minStableScans = 3)
    {
        if (policy == SelectionPolicy.KOfN)
        {
            throw new ArgumentException("a policy of all or stable was expected, found k-of-n (it needs all snapshots at once)", nameof(policy));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minStableScans, 1);
        Policy = policy;
        MinStableScans = policy == SelectionPolicy.All ? 1 : minStableScans;
    }

    /// <summary>The store's policy name.</summary>
    public SelectionPolicy Policy { get; }

    /// <summary>K: scans a page must keep its content before it is shipped (1 = every non-zero page).</summary>
    public int MinStableScans { get; }

    /// <summary>Whether a non-zero frame that kept its content for <paramref name="stableScans"/> scans is selected.</summary>
    public bool Selects(int stableScans) => stableScans >= MinStableScans;

    /// <summary>A short description for logs and the CLI ("stable >= 3 scans").</summary>
    public string Describe() => MinStableScans <= 1 ? "all non-zero" : $"stable >= {MinStableScans} scans";
}
