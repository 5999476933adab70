using FsCheck;
using FsCheck.Fluent;
using FtActors.Pages;

namespace FtActors.Store.Tests;

/// <summary>Random stores round-trip; mutated store files give a clean error or verified data, never a crash.</summary>
public class PropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(40);

    [Fact]
    public void AddScan_RandomGuestsAndPages_RoundTrip()
    {
        Gen<int[]> memory = Gen.Choose(0, 25).ArrayOf().Where(a => a.Length > 0);
        Gen<int[][]> guests = memory.ArrayOf().Where(a => a.Length is > 0 and <= 5);
        Prop.ForAll(guests.ToArbitrary(), seedsPerGuest =>
        {
            string dir = TestData.TempDir();
            using (PageStoreWriter w = PageStoreWriter.Create(dir))
            {
                for (int g = 0; g < seedsPerGuest.Length; g++)
                {
                    TestData.Add(w, $"guest-{g}", new SelectionOptions(), TestData.Memory(seedsPerGuest[g]));
                }

                w.Commit();
            }

            using PageStore s = PageStore.Open(dir);
            Assert.Equal(seedsPerGuest.SelectMany(x => x).Where(x => x != 0).Distinct().Count(), s.PageCount);
            byte[] page = new byte[4096];
            for (int g = 0; g < seedsPerGuest.Length; g++)
            {
                IReadOnlyList<GuestMapEntry> map = s.ReadGuestMap($"guest-{g}");
                var expected = seedsPerGuest[g].Select((seed, frame) => (seed, frame)).Where(x => x.seed != 0).ToList();
                Assert.Equal(expected.Select(x => (ulong)x.frame), map.Select(e => e.Frame));
                foreach ((GuestMapEntry e, (int seed, int _)) in map.Zip(expected))
                {
                    Assert.True(s.TryRead(e.Hash, page));
                    Assert.Equal(TestData.Page(seed), page);
                }
            }

            Assert.True(StoreVerifier.Verify(dir).Ok);
            Directory.Delete(dir, recursive: true);
        }).Check(Runs);
    }

    [Fact]
    public void Open_MutatedFiles_CleanErrorOrVerifiedData()
    {
        string valid = TestData.TempDir();
        byte[] memory = TestData.Memory(Enumerable.Range(1, 120).Select(i => i % 9 == 0 ? 0 : i).ToArray());
        using (PageStoreWriter w = PageStoreWriter.Create(valid))
        {
            TestData.Add(w, "a", new SelectionOptions(), memory);
            TestData.Add(w, "b", new SelectionOptions(), TestData.Memory(500, 501, 1, 2));
            w.Commit();
        }

        var originals = new Dictionary<PageHash, byte[]>();
        for (int i = 0; i < memory.Length / 4096; i++)
        {
            byte[] p = memory.AsSpan(i * 4096, 4096).ToArray();
            originals[PageEngines.Default.Hash(p)] = p;
        }

        byte[] manifest = File.ReadAllBytes(Path.Combine(valid, "manifest.fts"));
        byte[] pagesFile = File.ReadAllBytes(Path.Combine(valid, "pages.ftp"));
        var mutations =
            from target in Gen.Choose(0, 1)
            from kind in Gen.Choose(0, 2)
            from position in Gen.Choose(0, int.MaxValue)
            from value in Gen.Choose(1, 255)
            select (target, kind, position, value);
        Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            string dir = TestData.TempDir();
            byte[] man = (byte[])manifest.Clone();
            byte[] pag = (byte[])pagesFile.Clone();
            byte[] victim = m.target == 0 ? man : pag;
            int at = m.position % victim.Length;
            if (m.kind == 2)
            {
                victim = victim[..at];
            }
            else
            {
                victim[at] ^= (byte)m.value;
            }

            File.WriteAllBytes(Path.Combine(dir, "manifest.fts"), m.target == 0 ? victim : man);
            File.WriteAllBytes(Path.Combine(dir, "pages.ftp"), m.target == 1 ? victim : pag);
            ReadsOrRefuses(dir, originals, verifyChecksums: true);
            ReadsOrRefuses(dir, originals, verifyChecksums: false);
            VerifyReport report = StoreVerifier.Verify(dir);
            Assert.True(report.Ok || report.Problems.Length > 0);
            Directory.Delete(dir, recursive: true);
        }).Check(Runs.WithMaxTest(300));
    }

    private static void ReadsOrRefuses(string dir, Dictionary<PageHash, byte[]> originals, bool verifyChecksums)
    {
        try
        {
            using PageStore s = PageStore.Open(dir, verifyChecksums);
            byte[] page = new byte[4096];
            foreach (PageHash h in originals.Keys)
            {
                if (s.TryRead(h, page))
                {
                    Assert.Equal(originals[h], page);
                }
            }

            foreach (GuestSummary g in s.Guests)
            {
                _ = s.ReadGuestMap(g.Name);
            }
        }
        catch (StoreException)
        {
            // A clean refusal is the other allowed outcome.
        }
    }
}
