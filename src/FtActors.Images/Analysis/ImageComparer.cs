using FtActors.Pages;

namespace FtActors.Images.Analysis;

/// <summary>
/// Compares guest images the way <c>ftactors compare</c> reports them: by position (the 2006 prototype's
/// measure), by content anywhere (hash multisets), zero pages, frames only one image has, per region, and
/// what all of them share.
/// </summary>
/// <remarks>
/// Two passes: the first builds each image's multiset of non-zero hashes (memory grows with distinct pages);
/// the second walks all images side by side in frame order, so "moved" can be decided per frame without
/// keeping any image's pages or per-frame hashes. Each image is read twice; compare stopped guests.
/// </remarks>
public sealed class ImageComparer(IPageEngine engine)
{
    private const int First = 0;

    /// <summary>Compares <paramref name="images"/>[0] with each other image.</summary>
    /// <param name="images">Two or more opened images.</param>
    /// <param name="map">When not null, receives the frame states of the first pair, as runs, in frame order.</param>
    /// <exception cref="ImageFormatException">An image turned out unreadable part way.</exception>
    public CompareReport Compare(IReadOnlyList<IGuestImage> images, List<PageStateRun>? map = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count < 2)
        {
            throw new ArgumentException("compare needs at least two images", nameof(images));
        }

        var zeroHash = engine.Hash(new byte[PageSize.Bytes]);
        var multisets = new List<Dictionary<PageHash, int>>();
        var summaries = new List<ImageSummary>();
        foreach (var image in images)
        {
            var (set, summary) = Census(image, zeroHash);
            multisets.Add(set);
            summaries.Add(summary);
        }

        var regions = images[First].Regions;
        int regionSlots = regions.Count + 1; // last slot: frames outside the first image's regions
        var counters = new Counters[images.Count, regionSlots];
        long commonPositions = WalkSideBySide(images, multisets, zeroHash, counters, map);

        var pairs = new List<PairComparison>();
        for (int k = 1; k < images.Count; k++)
        {
            var total = new Counters();
            var perRegion = new List<RegionComparison>();
            for (int r = 0; r < regionSlots; r++)
            {
                total.Add(counters[k, r]);
                bool outside = r == regions.Count;
                if (!outside || counters[k, r].Pages > 0)
                {
                    perRegion.Add(counters[k, r].ToReport(outside ? "(outside)" : regions[r].Name, outside ? null : regions[r].GuestPhysicalAddress));
                }
            }

            long found = 0;
            foreach (var (hash, count) in multisets[k])
            {
                if (multisets[First].ContainsKey(hash))
                {
                    found += count;
                }
            }

            pairs.Add(new PairComparison(images[First].Path, images[k].Path, total.ToReport("total", null), found, summaries[k].NonZero, perRegion));
        }

        return new CompareReport(engine.Name, summaries, pairs, Common(multisets, commonPositions));
    }

    private static CommonPages Common(List<Dictionary<PageHash, int>> multisets, long commonPositions)
    {
        var smallest = multisets.MinBy(m => m.Count)!;
        long distinct = 0, firstPages = 0;
        foreach (var hash in smallest.Keys)
        {
            if (multisets.All(m => m.ContainsKey(hash)))
            {
                distinct++;
                firstPages += multisets[First][hash];
            }
        }

        return new CommonPages(commonPositions, distinct, firstPages);
    }

    private (Dictionary<PageHash, int> Set, ImageSummary Summary) Census(IGuestImage image, PageHash zeroHash)
    {
        var set = new Dictionary<PageHash, int>();
        long pages = 0, zero = 0, nonZero = 0;
        using var walk = new ClassifiedPages(image, engine, zeroHash);
        while (walk.MoveNext())
        {
            switch (walk.Kind)
            {
                case PageKind.Absent:
                    break;
                case PageKind.Zero:
                    pages++;
                    zero++;
                    break;
                default:
                    pages++;
                    nonZero++;
                    set[walk.Hash] = set.GetValueOrDefault(walk.Hash) + 1;
                    break;
            }
        }

        return (set, new ImageSummary(image.Path, ImageReader.Name(image.Format), pages, zero, nonZero, set.Count));
    }

    private long WalkSideBySide(
        IReadOnlyList<IGuestImage> images, List<Dictionary<PageHash, int>> multisets, PageHash zeroHash, Counters[,] counters, List<PageStateRun>? map)
    {
        int n = images.Count;
        var walks = images.Select(i => new ClassifiedPages(i, engine, zeroHash)).ToArray();
        try
        {
            var live = new bool[n];
            for (int k = 0; k < n; k++)
            {
                live[k] = walks[k].MoveNext();
            }

            var kinds = new PageKind[n];
            var hashes = new PageHash[n];
            var locator = new RegionLocator(images[First].Regions);
            int outside = images[First].Regions.Count;
            long commonPositions = 0;
            while (true)
            {
                bool any = false;
                ulong frame = ulong.MaxValue;
                for (int k = 0; k < n; k++)
                {
                    if (live[k])
                    {
                        any = true;
                        frame = Math.Min(frame, walks[k].Frame);
                    }
                }

                if (!any)
                {
                    return commonPositions;
                }

                bool allSame = true;
                for (int k = 0; k < n; k++)
                {
                    bool here = live[k] && walks[k].Frame == frame;
                    kinds[k] = here ? walks[k].Kind : PageKind.Absent;
                    hashes[k] = here ? walks[k].Hash : default;
                    allSame &= kinds[k] is PageKind.Data or PageKind.PageTable && hashes[k] == hashes[First];
                    if (here)
                    {
                        live[k] = walks[k].MoveNext();
                    }
                }

                if (allSame)
                {
                    commonPositions++;
                }

                int region = locator.Find(frame);
                if (region < 0)
                {
                    region = outside;
                }

                for (int k = 1; k < n; k++)
                {
                    var state = counters[k, region].Count(kinds[First], hashes[First], kinds[k], hashes[k], multisets[First]);
                    if (k == 1 && map is not null)
                    {
                        AppendRun(map, frame, state);
                    }
                }
            }
        }
        finally
        {
            foreach (var walk in walks)
            {
                walk.Dispose();
            }
        }
    }

    private static void AppendRun(List<PageStateRun> map, ulong frame, PageState state)
    {
        if (map.Count > 0 && map[^1].State == state && map[^1].Frame + (ulong)map[^1].Count == frame)
        {
            map[^1] = map[^1] with { Count = map[^1].Count + 1 };
        }
        else
        {
            map.Add(new PageStateRun(frame, 1, state));
        }
    }

    private struct Counters
    {
        public long Pages;
        public long Same;
        public long SameNonZero;
        public long ZeroBoth;
        public long Moved;
        public long Different;
        public long OnlyFirst;
        public long OnlySecond;

        public PageState Count(PageKind a, PageHash hashA, PageKind b, PageHash hashB, Dictionary<PageHash, int> firstSet)
        {
            bool hasA = a != PageKind.Absent, hasB = b != PageKind.Absent;
            if (!hasA && !hasB)
            {
                return PageState.Absent;
            }

            Pages++;
            if (!hasB)
            {
                OnlyFirst++;
                return PageState.OnlyOne;
            }

            if (!hasA)
            {
                OnlySecond++;
                return PageState.OnlyOne;
            }

            if (a == PageKind.Zero && b == PageKind.Zero)
            {
                Same++;
                ZeroBoth++;
                return PageState.Zero;
            }

            if (a != PageKind.Zero && b != PageKind.Zero && hashA == hashB)
            {
                Same++;
                SameNonZero++;
                return PageState.Same;
            }

            if (b != PageKind.Zero && firstSet.ContainsKey(hashB))
            {
                Moved++;
                return PageState.Moved;
            }

            Different++;
            return PageState.Different;
        }

        public void Add(Counters other)
        {
            Pages += other.Pages;
            Same += other.Same;
            SameNonZero += other.SameNonZero;
            ZeroBoth += other.ZeroBoth;
            Moved += other.Moved;
            Different += other.Different;
            OnlyFirst += other.OnlyFirst;
            OnlySecond += other.OnlySecond;
        }

        public readonly RegionComparison ToReport(string name, ulong? gpa) =>
            new(name, gpa, Pages, Same, SameNonZero, ZeroBoth, Moved, Different, OnlyFirst, OnlySecond);
    }
}
