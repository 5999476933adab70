using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// The lookup kernel over a mapped index: a checked private copy of the fanout table and raw reads of the
/// 20-byte entries. At 20 million lookups a second a lookup has about 50 ns of one core, and span slicing,
/// bounds checks and little-endian helpers cost a large share of that; so every range is proved once, when
/// this object is built (see the invariant below), and the scan itself reads through pointers.
/// </summary>
/// <remarks>
/// Invariant that makes the pointer reads safe: <c>_fanout</c> holds 2^bits + 1 non-decreasing values whose
/// last is the entry count n, and <c>_entries</c> points at n entries of 20 bytes inside the mapping (the header
/// check proved the index lies inside the file). A lookup reads entries lo .. hi - 1 of one bucket only, with
/// lo = fanout[k] and hi = fanout[k + 1] &lt;= n, and the interpolated start is below hi - lo. The mapping stays
/// valid until the owning <see cref="ManifestView"/> is disposed; using a store after disposing it is a bug of
/// the caller, as documented on <see cref="PageStore"/>. Entries are read in the machine's byte order, which
/// is little-endian like the format on every platform .NET runs FtActors on (x64, arm64); the owner checks it.
/// </remarks>
internal sealed unsafe class IndexLookup
{
    /// <summary>How far ahead <see cref="FindMany"/> prefetches (a power of two): enough misses in flight to fill a core's line fill buffers.</summary>
    private const int PrefetchAhead = 16;

    private const int EntrySize = StoreFormat.IndexEntrySize;

    private readonly byte* _entries;
    private readonly uint* _fanoutPointer;
    private readonly int _bits;
    private readonly int _bucketShift;
    private readonly long _pageSlots;

    // Pinned for the object's life (pinned object heap), so _fanoutPointer stays valid as long as this object,
    // which holds the only reference, is reachable.
    private readonly uint[] _fanout;

    public IndexLookup(uint[] pinnedFanout, byte* entries, int bits, long pageSlots)
    {
        _fanout = pinnedFanout;
        _fanoutPointer = (uint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinnedFanout));
        _entries = entries;
        _bits = bits;

        // bucket = high >> (64 - bits) for bits > 0, else 0: as (high >> 1) >> (63 - bits) it needs no branch,
        // because a C# shift by 64 would shift by 0.
        _bucketShift = 63 - bits;
        _pageSlots = pageSlots;
    }

    /// <summary>A fanout array on the pinned object heap, as the constructor needs.</summary>
    public static uint[] AllocateFanout(int count) => GC.AllocateUninitializedArray<uint>(count, pinned: true);

    /// <summary>The slot of <paramref name="hash"/>, or false if the index does not hold it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(PageHash hash, out uint slot)
    {
        Locate(hash.High, out byte* bucket, out uint count, out uint start);
        return Scan(bucket, count, start, hash.High, hash.Low, out slot);
    }

    /// <summary>
    /// Looks up many hashes, prefetching the entry the hash <see cref="PrefetchAhead"/> places ahead will start
    /// at while scanning the current one, so that many cache and TLB misses are in flight at once. Each hash's
    /// bucket and start are computed once, when prefetched, and kept in a small ring until it is scanned.
    /// </summary>
    public int FindMany(ReadOnlySpan<PageHash> hashes, Span<bool> held)
    {
        if (held.Length < hashes.Length)
        {
            throw new ArgumentException($"held needs {hashes.Length} slots; got {held.Length}", nameof(held));
        }

        byte** ringBucket = stackalloc byte*[PrefetchAhead];
        uint* ringCount = stackalloc uint[PrefetchAhead];
        uint* ringStart = stackalloc uint[PrefetchAhead];
        int n = hashes.Length;
        int ahead = Math.Min(PrefetchAhead, n);
        ref PageHash first = ref MemoryMarshal.GetReference(hashes);
        ref bool result = ref MemoryMarshal.GetReference(held);
        for (int i = 0; i < ahead; i++)
        {
            LocateAndPrefetch(Unsafe.Add(ref first, i).High, out ringBucket[i], out ringCount[i], out ringStart[i]);
        }

        int found = 0;
        for (int i = 0; i < n; i++)
        {
            int r = i & (PrefetchAhead - 1);
            ref PageHash h = ref Unsafe.Add(ref first, i);
            bool hit = Scan(ringBucket[r], ringCount[r], ringStart[r], h.High, h.Low, out _);
            Unsafe.Add(ref result, i) = hit;
            found += hit ? 1 : 0;
            if (i + PrefetchAhead < n)
            {
                LocateAndPrefetch(Unsafe.Add(ref first, i + PrefetchAhead).High, out ringBucket[r], out ringCount[r], out ringStart[r]);
            }
        }

        return found;
    }

    /// <summary>
    /// The bucket of <paramref name="high"/> (first entry and length) and where in it the hash should sit:
    /// hashes are uniform, so the bits of the high half below the bucket bits place it proportionally
    /// (interpolation), usually on the entry itself or a neighbour.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Locate(ulong high, out byte* bucket, out uint count, out uint start)
    {
        ulong k = (high >> 1) >> _bucketShift;
        uint lo = _fanoutPointer[k];
        count = _fanoutPointer[k + 1] - lo;
        bucket = _entries + ((nuint)lo * EntrySize);
        start = (uint)Math.BigMul(high << _bits, count, out _);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LocateAndPrefetch(ulong high, out byte* bucket, out uint count, out uint start)
    {
        Locate(high, out bucket, out count, out start);
        if (Sse.IsSupported)
        {
            // The start entry's high half, and the line after it when the entry straddles two; a prefetch of an
            // address past the index (an empty last bucket) is harmless: prefetches never fault.
            byte* e = bucket + ((nuint)start * EntrySize);
            Sse.Prefetch0(e);
            Sse.Prefetch0(e + EntrySize - 1);
        }
    }

    /// <summary>
    /// Finds (high, low) among the <paramref name="count"/> entries at <paramref name="bucket"/>, sorted by
    /// high half then low half, starting at <paramref name="i"/>: first the entry there (a hit in one compare
    /// is the common case), then forward past smaller high halves or back over larger or equal ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Scan(byte* bucket, uint count, uint i, ulong high, ulong low, out uint slot)
    {
        slot = 0;
        if (count == 0)
        {
            return false;
        }

        ulong h = High(bucket, i);
        if (h == high && Low(bucket, i) == low)
        {
            return Hit(bucket, i, out slot);
        }

        if (h < high)
        {
            do
            {
                if (++i == count)
                {
                    return false;
                }

                h = High(bucket, i);
            }
            while (h < high);
        }
        else
        {
            // Back to the first entry whose high half is >= high.
            while (i > 0)
            {
                ulong previous = High(bucket, i - 1);
                if (previous < high)
                {
                    break;
                }

                h = previous;
                i--;
            }
        }

        for (; h == high; h = High(bucket, i))
        {
            if (Low(bucket, i) == low)
            {
                return Hit(bucket, i, out slot);
            }

            if (++i == count)
            {
                return false;
            }
        }

        return false;
    }

    private bool Hit(byte* bucket, uint i, out uint slot)
    {
        slot = Unsafe.ReadUnaligned<uint>(bucket + ((nuint)i * EntrySize) + 16);

        // A slot at or past the page slots would be corruption; it is a miss, never a read past the area.
        return slot < _pageSlots;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong High(byte* bucket, uint i) => Unsafe.ReadUnaligned<ulong>(bucket + ((nuint)i * EntrySize) + 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Low(byte* bucket, uint i) => Unsafe.ReadUnaligned<ulong>(bucket + ((nuint)i * EntrySize));

    /// <summary>Buckets of the fanout table (2^bits).</summary>
    public int BucketCount => _fanout.Length - 1;
}
