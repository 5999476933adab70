using FtActors.Pages;

namespace FtActors.Store;

/// <summary>Compares two stores by content: which of A's pages B lacks.</summary>
public static class StoreDiff
{
    /// <summary>
    /// Counts the pages of <paramref name="a"/> (all of them, or those <paramref name="guest"/>'s map
    /// selects) that <paramref name="b"/> does not hold.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A has no guest named <paramref name="guest"/>.</exception>
    public static DiffReport Compute(PageStore a, PageStore b, string? guest = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        IEnumerable<PageHash> hashes = guest is null
            ? a.AllHashes()
            : a.ReadGuestMap(guest).Where(e => e.Selected).Select(e => e.Hash).Distinct();
        long considered = 0;
        long missing = 0;
        foreach (PageHash h in hashes)
        {
            considered++;
            if (!b.Contains(h))
            {
                missing++;
            }
        }

        return new DiffReport(guest, considered, missing);
    }
}
