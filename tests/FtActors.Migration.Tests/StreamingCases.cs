using FsCheck;
using FsCheck.Fluent;

namespace FtActors.Migration.Tests;

/// <summary>Random inputs shared by the streaming property tests.</summary>
internal static class StreamingCases
{
    /// <summary>
    /// A RAM file of 1..<paramref name="maxPages"/> pages (each page's fill byte 0-9), a change per page for the
    /// next round (negative: unchanged, else the new fill byte), and 1-4 page connections.
    /// </summary>
    public static Arbitrary<(int[] src, int[] changes, int lanes)> Rounds(int maxPages) =>
        Gen.Choose(1, maxPages).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n))
            .SelectMany(src => Gen.ArrayOf(Gen.Choose(-8, 9), src.Length).SelectMany(changes => Gen.Choose(1, 4).Select(lanes => (src, changes, lanes))))
            .ToArbitrary();
}
