using System.Collections.Immutable;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Upkeep;

/// <summary>What one scan of a guest's RAM found.</summary>
/// <param name="Frames">Frames the RAM file covers.</param>
/// <param name="NonZeroFrames">Frames holding a non-zero page.</param>
/// <param name="NonZeroHashes">Distinct hashes of those pages: the denominator of coverage.</param>
/// <param name="Map">Every non-zero frame with its hash, stability and whether the policy selected it, by frame.</param>
/// <param name="ToShip">Selected pages the spare lacked when the scan started, one frame per distinct hash, by frame.</param>
/// <param name="BytesRead">Bytes read from the RAM file (holes are not read).</param>
public sealed record ScanResult(
    long Frames,
    long NonZeroFrames,
    ImmutableHashSet<PageHash> NonZeroHashes,
    ImmutableArray<GuestMapEntry> Map,
    ImmutableArray<GuestMapEntry> ToShip,
    long BytesRead)
{
    /// <summary>Frames the policy selected.</summary>
    public long SelectedFrames => Map.Count(static e => e.Selected);

    /// <summary>How many of <see cref="NonZeroHashes"/> are in <paramref name="held"/>.</summary>
    public long HeldOf(IReadOnlySet<PageHash> held)
    {
        ArgumentNullException.ThrowIfNull(held);
        long n = 0;
        foreach (PageHash h in NonZeroHashes)
        {
            if (held.Contains(h))
            {
                n++;
            }
        }

        return n;
    }
}
