using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// Sorting page hashes in index order (high half, then low half) in linear time. Page hashes are uniform, so
/// one counting pass on the top bits of the high half puts every hash into a bucket of a few entries, and the
/// buckets are then put in order one by one. The counts of that pass are exactly the index's fanout table, which
/// the writer would otherwise compute in a pass of its own. A comparison sort through a delegate makes about
/// 20 compares per entry for a million entries; this makes two sequential passes, a scatter and a few compares
/// per entry.
/// </summary>
internal static class HashSort
{
    // Above this size a bucket is sorted by the library's introsort: only hashes that are not uniform (tests
    // with crowded buckets, or a hostile feed) make buckets this large, and they must not cost quadratic time.
    private const int InsertionSortLimit = 24;

    /// <summary>
    /// Sorts <paramref name="keys"/> (with <paramref name="values"/>, which may be empty) into index order, in
    /// place through a scatter buffer, and fills <paramref name="fanout"/> (2^bits + 1 values): fanout[k] is the
    /// position of the first hash whose bucket (top <paramref name="bits"/> bits of the high half) is >= k.
    /// </summary>
    public static void Sort(Span<PageHash> keys, Span<uint> values, int bits, Span<uint> fanout)
    {
        bool withValues = !values.IsEmpty;
        if (withValues && values.Length != keys.Length)
        {
            throw new ArgumentException($"{keys.Length} values were expected, found {values.Length}", nameof(values));
        }

        int buckets = 1 << bits;
        if (fanout.Length != buckets + 1)
        {
            throw new ArgumentException($"a fanout of {buckets + 1} entries was expected, found {fanout.Length}", nameof(fanout));
        }

        fanout.Clear();
        foreach (PageHash h in keys)
        {
            fanout[(int)ManifestData.Bucket(h, bits) + 1]++;
        }

        for (int k = 1; k <= buckets; k++)
        {
            fanout[k] += fanout[k - 1];
        }

        // Scatter into copies, each bucket filled from its start; next[k] is where the bucket's next hash goes.
        PageHash[] sortedKeys = GC.AllocateUninitializedArray<PageHash>(keys.Length);
        uint[] sortedValues = withValues ? GC.AllocateUninitializedArray<uint>(values.Length) : [];
        uint[] next = fanout[..buckets].ToArray();
        for (int i = 0; i < keys.Length; i++)
        {
            uint at = next[(int)ManifestData.Bucket(keys[i], bits)]++;
            sortedKeys[at] = keys[i];
            if (withValues)
            {
                sortedValues[at] = values[i];
            }
        }

        sortedKeys.CopyTo(keys);
        sortedValues.CopyTo(values);
        for (int k = 0; k < buckets; k++)
        {
            int start = (int)fanout[k], length = (int)fanout[k + 1] - start;
            if (length > 1)
            {
                SortBucket(keys.Slice(start, length), withValues ? values.Slice(start, length) : default);
            }
        }
    }

    /// <summary>How many different hashes <paramref name="hashes"/> holds; reorders it.</summary>
    public static long CountDistinct(Span<PageHash> hashes)
    {
        int bits = StoreFormat.FanoutBits(hashes.Length);
        Sort(hashes, default, bits, new uint[(1 << bits) + 1]);
        long distinct = hashes.IsEmpty ? 0 : 1;
        for (int i = 1; i < hashes.Length; i++)
        {
            distinct += hashes[i] != hashes[i - 1] ? 1 : 0;
        }

        return distinct;
    }

    private static void SortBucket(Span<PageHash> keys, Span<uint> values)
    {
        bool withValues = !values.IsEmpty;
        if (keys.Length > InsertionSortLimit)
        {
            if (withValues)
            {
                keys.Sort(values, new IndexOrder());
            }
            else
            {
                keys.Sort(new IndexOrder());
            }

            return;
        }

        for (int i = 1; i < keys.Length; i++)
        {
            PageHash key = keys[i];
            uint value = withValues ? values[i] : 0;
            int j = i - 1;
            while (j >= 0 && Compare(keys[j], key) > 0)
            {
                keys[j + 1] = keys[j];
                if (withValues)
                {
                    values[j + 1] = values[j];
                }

                j--;
            }

            keys[j + 1] = key;
            if (withValues)
            {
                values[j + 1] = value;
            }
        }
    }

    private static int Compare(PageHash a, PageHash b)
    {
        int c = a.High.CompareTo(b.High);
        return c != 0 ? c : a.Low.CompareTo(b.Low);
    }

    /// <summary>Index order as a struct comparer, so the library sort is specialised for it instead of calling a delegate.</summary>
    private readonly struct IndexOrder : IComparer<PageHash>
    {
        public int Compare(PageHash x, PageHash y) => HashSort.Compare(x, y);
    }
}
