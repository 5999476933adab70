using FsCheck;
using FsCheck.Fluent;
using FtActors.Pages;

namespace FtActors.Store.Tests;

/// <summary>
/// The writer's linear-time sort against LINQ's order, on hashes chosen to crowd buckets (clustered and equal
/// high halves, so the per-bucket fallback sort runs too) and on uniform ones: same order, values carried along,
/// fanout counts right, and the distinct count equal to a set's.
/// </summary>
public class HashSortPropertyTests
{
    private static readonly Gen<PageHash> Hash =
        from high in Gen.OneOf(
            Gen.Choose(0, 3).Select(i => (ulong)i << 62),
            Gen.Choose(0, 5).Select(i => ulong.MaxValue - (ulong)i),
            Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((ulong)(uint)t.Item1 << 32) | (uint)t.Item2))
        from low in Gen.Choose(0, 5).Select(i => (ulong)i)
        select new PageHash(low, high);

    [Fact]
    public void Sort_AnyHashes_MatchesIndexOrderWithValuesAndFanout()
    {
        var cases = from keys in Hash.ArrayOf()
                    from bits in Gen.Choose(0, 6)
                    select (keys, bits);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            (PageHash[] keys, int bits) = c;
            uint[] values = Enumerable.Range(0, keys.Length).Select(i => (uint)i).ToArray();
            PageHash[] original = [.. keys];
            uint[] fanout = new uint[(1 << bits) + 1];
            HashSort.Sort(keys, values, bits, fanout);

            var expected = original.Select((h, i) => (h, i)).OrderBy(p => p.h.High).ThenBy(p => p.h.Low).Select(p => p.h).ToArray();
            Assert.Equal(expected, keys);
            for (int i = 0; i < keys.Length; i++)
            {
                Assert.Equal(original[values[i]], keys[i]);
            }

            for (int k = 0; k <= 1 << bits; k++)
            {
                Assert.Equal((uint)original.Count(h => ManifestData.Bucket(h, bits) < (ulong)k), fanout[k]);
            }

            Assert.Equal(original.Distinct().LongCount(), HashSort.CountDistinct(original));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CountDistinct_UniformHashesWithRepeats_EqualsASetsCount()
    {
        var random = new Random(5);
        PageHash[] distinct = Enumerable.Range(0, 3000).Select(_ => new PageHash((ulong)random.NextInt64(), (ulong)random.NextInt64())).ToArray();
        PageHash[] withRepeats = [.. distinct, .. distinct.Take(1000), .. distinct.Take(10)];

        Assert.Equal(3000, HashSort.CountDistinct(withRepeats));
        Assert.Equal(0, HashSort.CountDistinct(Span<PageHash>.Empty));
    }
}
