using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FtActors.Pages;

namespace FtActors.Images.Analysis;

/// <summary>
/// Compares guest images the way <c>ftactors compare</c> reports them: by position (the 2006 prototype's
/// measure), by content anywhere (hash multisets), zero pages, frames only one image has, per region, and
/// what all of them share.
/// </summary>
/// <remarks>
/// One pass: all images are walked side by side in frame order (readers always yield ascending frames), each
/// read exactly once. Per image the walk builds a table from non-zero hash to count (memory grows with distinct
/// pages, never with image size); per frame it counts what position alone decides. A frame that differs with a
/// non-zero page in the other image is "moved" when that content occurs anywhere in the first image, which is
/// only known once the first image has been read to the end: such a frame is decided at once when its content
/// has already been seen in the first image, and otherwise counted in a table of pending contents (hash and
/// region, so memory grows with distinct differing contents) that is settled against the first image's finished
/// table after the walk. Everything else (found anywhere, common to all) comes from the tables afterwards.
/// </remarks>
public sealed class ImageComparer(IPageEngine engine)
{
    private const int First = 0;

    // Marks map runs of pending frames until the walk has ended; never returned to a caller.
    private const PageState Undecided = (PageState)byte.MaxValue;

    /// <summary>Compares <paramref name="images"/>[0] with each other image.</summary>
    /// <param name="images">Two or more opened images.</param>
    /// <param name="map">
    /// When not null, receives the frame states of the first pair, as runs, in frame order. The pending frames of
    /// that pair keep their hash (16 bytes a frame) until the walk has ended.
    /// </param>
    /// <exception cref="ImageFormatException">An image turned out unreadable part way.</exception>
    public CompareReport Compare(IReadOnlyList<IGuestImage> images, List<PageStateRun>? map = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count < 2)
        {
            throw new ArgumentException("compare needs at least two images", nameof(images));
        }

        int n = images.Count;
        var walk = new Walk(n, images[First].Regions.Count + 1, map is null ? null : new List<PageHash>()); // last region slot: outside
        WalkSideBySide(images, walk, map);

        var firstTable = walk.Tables[First];
        for (int k = 1; k < n; k++)
        {
            foreach (var (key, count) in walk.Pending[k])
            {
                ref var counters = ref walk.Counters[k, key.Region];
                if (firstTable.Contains(key.Hash))
                {
                    counters.Moved += count;
                }
                else
                {
                    counters.Different += count;
                }
            }
        }

        if (map is not null)
        {
            SettleMap(map, walk.MapPending!, firstTable);
        }

        var regions = images[First].Regions;
        var pairs = new List<PairComparison>();
        for (int k = 1; k < n; k++)
        {
            var total = new Counters();
            var perRegion = new List<RegionComparison>();
            for (int r = 0; r <= regions.Count; r++)
            {
                total.Add(walk.Counters[k, r]);
                bool outside = r == regions.Count;
                if (!outside || walk.Counters[k, r].Pages > 0)
                {
                    perRegion.Add(walk.Counters[k, r].ToReport(outside ? "(outside)" : regions[r].Name, outside ? null : regions[r].GuestPhysicalAddress));
                }
            }

            long found = walk.Tables[k].PagesAlsoIn(firstTable);
            pairs.Add(new PairComparison(images[First].Path, images[k].Path, total.ToReport("total", null), found, walk.NonZero[k], perRegion));
        }

        var summaries = images.Select((image, k) => new ImageSummary(
            image.Path, ImageReader.Name(image.Format), walk.Zero[k] + walk.NonZero[k], walk.Zero[k], walk.NonZero[k], walk.Tables[k].Count)).ToList();
        var (distinct, firstPages) = HashCounts.Common(walk.Tables);
        return new CompareReport(engine.Name, summaries, pairs, new CommonPages(walk.CommonPositions, distinct, firstPages));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WalkSideBySide(IReadOnlyList<IGuestImage> images, Walk walk, List<PageStateRun>? map)
    {
        int n = images.Count;
        var zeroHash = engine.Hash(new byte[PageSize.Bytes]);
        var walks = new ClassifiedPages[n];
        try
        {
            for (int k = 0; k < n; k++)
            {
                walks[k] = new ClassifiedPages(images[k], engine, zeroHash);
            }

            var live = new bool[n];
            for (int k = 0; k < n; k++)
            {
                live[k] = walks[k].MoveNext();
            }

            var kinds = new PageKind[n];
            var hashes = new PageHash[n];
            var locator = new RegionLocator(images[First].Regions);
            int outside = images[First].Regions.Count;
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
                    return;
                }

                bool allSame = true;
                for (int k = 0; k < n; k++)
                {
                    bool here = live[k] && walks[k].Frame == frame;
                    kinds[k] = here ? walks[k].Kind : PageKind.Absent;
                    hashes[k] = here ? walks[k].Hash : default;
                    allSame &= kinds[k] is PageKind.Data or PageKind.PageTable && hashes[k] == hashes[First];
                    walk.Tally(k, kinds[k], hashes[k]);
                    if (here)
                    {
                        live[k] = walks[k].MoveNext();
                    }
                }

                if (allSame)
                {
                    walk.CommonPositions++;
                }

                int region = locator.Find(frame);
                if (region < 0)
                {
                    region = outside;
                }

                for (int k = 1; k < n; k++)
                {
                    var state = walk.Count(k, region, kinds[First], hashes[First], kinds[k], hashes[k]);
                    if (k == 1 && map is not null)
                    {
                        if (state == Undecided)
                        {
                            walk.MapPending!.Add(hashes[k]);
                        }

                        AppendRun(map, frame, 1, state);
                    }
                }
            }
        }
        finally
        {
            foreach (var classified in walks)
            {
                classified?.Dispose();
            }
        }
    }

    /// <summary>Replaces the pending runs of the map by moved or different, frame by frame, in walk order.</summary>
    private static void SettleMap(List<PageStateRun> map, List<PageHash> pendingHashes, HashCounts firstTable)
    {
        var settled = new List<PageStateRun>(map.Count);
        int next = 0;
        foreach (var run in map)
        {
            if (run.State != Undecided)
            {
                AppendRun(settled, run.Frame, run.Count, run.State);
                continue;
            }

            for (long i = 0; i < run.Count; i++)
            {
                var state = firstTable.Contains(pendingHashes[next++]) ? PageState.Moved : PageState.Different;
                AppendRun(settled, run.Frame + (ulong)i, 1, state);
            }
        }

        map.Clear();
        map.AddRange(settled);
    }

    private static void AppendRun(List<PageStateRun> map, ulong frame, long count, PageState state)
    {
        if (map.Count > 0 && map[^1].State == state && map[^1].Frame + (ulong)map[^1].Count == frame)
        {
            map[^1] = map[^1] with { Count = map[^1].Count + count };
        }
        else
        {
            map.Add(new PageStateRun(frame, count, state));
        }
    }

    /// <summary>A content of the other image, different at its frame, not yet seen in the first image, in one region.</summary>
    private readonly record struct PendingKey(PageHash Hash, int Region);

    /// <summary>Everything the one pass accumulates.</summary>
    private sealed class Walk
    {
        public Walk(int images, int regionSlots, List<PageHash>? mapPending)
        {
            Tables = new HashCounts[images];
            Pending = new Dictionary<PendingKey, int>[images];
            for (int k = 0; k < images; k++)
            {
                Tables[k] = new HashCounts();
                Pending[k] = [];
            }

            Zero = new long[images];
            NonZero = new long[images];
            Counters = new Counters[images, regionSlots];
            MapPending = mapPending;
        }

        /// <summary>Per image: non-zero hash to the number of pages holding it.</summary>
        public HashCounts[] Tables { get; }

        /// <summary>Per other image: contents still to be settled as moved or different, with their page counts.</summary>
        public Dictionary<PendingKey, int>[] Pending { get; }

        public long[] Zero { get; }

        public long[] NonZero { get; }

        /// <summary>[image, region]; row 0 (the first image against itself) stays unused.</summary>
        public Counters[,] Counters { get; }

        /// <summary>Hashes of the first pair's pending frames, in frame order, when a map is drawn.</summary>
        public List<PageHash>? MapPending { get; }

        public long CommonPositions { get; set; }

        public void Tally(int image, PageKind kind, PageHash hash)
        {
            if (kind == PageKind.Zero)
            {
                Zero[image]++;
            }
            else if (kind != PageKind.Absent)
            {
                NonZero[image]++;
                Tables[image].Add(hash);
            }
        }

        public PageState Count(int image, int region, PageKind a, PageHash hashA, PageKind b, PageHash hashB)
        {
            ref var counters = ref Counters[image, region];
            var state = counters.Count(a, hashA, b, hashB);
            if (state != Undecided)
            {
                return state;
            }

            if (Tables[First].Contains(hashB))
            {
                counters.Moved++;
                return PageState.Moved;
            }

            CollectionsMarshal.GetValueRefOrAddDefault(Pending[image], new PendingKey(hashB, region), out _)++;
            return Undecided;
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

        /// <summary>Counts what position alone decides; returns <see cref="Undecided"/> (counting the page) when the other image's non-zero content differs here.</summary>
        public PageState Count(PageKind a, PageHash hashA, PageKind b, PageHash hashB)
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

            if (b != PageKind.Zero)
            {
                return Undecided;
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
