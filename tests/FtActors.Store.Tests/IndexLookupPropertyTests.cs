using FsCheck;
using FsCheck.Fluent;
using FtActors.Pages;

namespace FtActors.Store.Tests;

/// <summary>
/// The index lookup (fanout copy, interpolated start inside a bucket, prefetching batch) against a plain
/// dictionary, on manifests laid out by the writer's own serialiser from hashes chosen to be awkward: crowded
/// buckets, equal high halves, the extreme values, empty buckets, and indexes small enough for 0 fanout bits.
/// </summary>
public class IndexLookupPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(60);

    // High halves drawn from a few clustered values so buckets fill unevenly and ties on the high half occur.
    private static readonly Gen<ulong> High = Gen.OneOf(
        Gen.Choose(0, 7).Select(i => (ulong)i),
        Gen.Choose(0, 7).Select(i => ulong.MaxValue - (ulong)i),
        Gen.Choose(0, 1000).Select(i => 0x8000_0000_0000_0000UL + ((ulong)i << 40)),
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((ulong)(uint)t.Item1 << 32) | (uint)t.Item2));

    private static readonly Gen<PageHash> Hash =
        from high in High
        from low in Gen.Choose(0, 3).Select(i => (ulong)i)
        select new PageHash(low, high);

    [Fact]
    public void FindSlots_AwkwardHashes_AgreeWithADictionary()
    {
        var cases = from held in Hash.ArrayOf().Select(a => a.Distinct().ToArray())
                    from probes in Hash.ArrayOf()
                    select (held, probes);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (held, probes) = c;
            string dir = TestData.TempDir();
            try
            {
                var data = new ManifestData { StoreId = Guid.NewGuid(), Generation = 1, PageSlots = held.Length };
                for (int i = 0; i < held.Length; i++)
                {
                    data.Index[held[i]] = (uint)i;
                }

                string path = Path.Combine(dir, StoreFormat.ManifestFileName);
                File.WriteAllBytes(path, data.Serialize(PageEngines.Managed, 0));
                using ManifestView view = ManifestView.Open(path, PageEngines.Managed, verifyChecksums: true);

                // Every held hash, then the probes (hits and misses), one at a time and as one batch.
                PageHash[] queries = [.. held, .. probes];
                bool[] found = new bool[queries.Length];
                int count = view.FindMany(queries, found);
                for (int q = 0; q < queries.Length; q++)
                {
                    bool expected = data.Index.TryGetValue(queries[q], out uint expectedSlot);
                    Assert.Equal(expected, view.TryFindSlot(queries[q], out uint slot));
                    Assert.Equal(expected, found[q]);
                    if (expected)
                    {
                        Assert.Equal(expectedSlot, slot);
                    }
                }

                Assert.Equal(found.Count(f => f), count);
                return true;
            }
            finally
            {
                TestData.RemoveTempDir(dir);
            }
        }).Check(Runs);
    }

    [Fact]
    public void FindMany_ManyPagesAcrossPrefetchDistance_MarksExactlyTheHeldOnes()
    {
        // 5000 uniform hashes: several fanout bits, buckets of a few entries, batches longer than the prefetch distance.
        var random = new Random(11);
        var all = Enumerable.Range(0, 10_000).Select(_ => new PageHash((ulong)random.NextInt64(), (ulong)random.NextInt64())).ToArray();
        var data = new ManifestData { StoreId = Guid.NewGuid(), Generation = 1, PageSlots = 5000 };
        for (int i = 0; i < 5000; i++)
        {
            data.Index[all[i * 2]] = (uint)i;
        }

        string dir = TestData.TempDir();
        try
        {
            string path = Path.Combine(dir, StoreFormat.ManifestFileName);
            File.WriteAllBytes(path, data.Serialize(PageEngines.Managed, 0));
            using ManifestView view = ManifestView.Open(path, PageEngines.Managed, verifyChecksums: false);
            bool[] found = new bool[all.Length];

            Assert.Equal(5000, view.FindMany(all, found));
            Assert.Equal(Enumerable.Range(0, all.Length).Select(i => i % 2 == 0), found);
            Assert.True(view.FanoutBits > 8, $"fanout bits {view.FanoutBits}");
        }
        finally
        {
            TestData.RemoveTempDir(dir);
        }
    }
}
