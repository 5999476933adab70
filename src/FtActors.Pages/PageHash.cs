using System.Globalization;

namespace FtActors.Pages;

/// <summary>
/// The 128-bit XXH3 hash of one page's bytes. 128 bits keep the chance of a false match between two
/// 64 GiB guests (2^24 pages each) near 1e-24, so a match by hash may stand in for a byte comparison.
/// </summary>
/// <param name="Low">The low 64 bits of the XXH3-128 result.</param>
/// <param name="High">The high 64 bits of the XXH3-128 result.</param>
public readonly record struct PageHash(ulong Low, ulong High)
{
    /// <summary>Renders the hash as 32 hex digits, high half first (the order xxhsum prints).</summary>
    public override string ToString() =>
        High.ToString("x16", CultureInfo.InvariantCulture) + Low.ToString("x16", CultureInfo.InvariantCulture);
}
