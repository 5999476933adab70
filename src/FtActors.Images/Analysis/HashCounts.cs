using System.Runtime.CompilerServices;
using FtActors.Pages;

namespace FtActors.Images.Analysis;

/// <summary>
/// A multiset of page hashes: how many pages of an image hold each distinct non-zero content. Memory grows
/// with the number of distinct contents (24-byte slots, at most three quarters full), never with image size.
/// </summary>
/// <remarks>
/// Open addressing with linear probing in a power-of-two table. Page hashes are XXH3-128 output, already
/// uniform, so the low bits of <see cref="PageHash.Low"/> pick the slot with no further mixing. A slot whose
/// count is 0 is empty, so every hash value, (0, 0) included, can be held. This replaces a
/// <c>Dictionary&lt;PageHash, int&gt;</c>, which cost a hash-code mix and an indirection through a bucket
/// array per page, and whose generic code over our value type starts out unoptimised (it is not precompiled
/// in the framework): a third of compare's CPU time before this table existed.
/// </remarks>
internal sealed class HashCounts
{
    private const int InitialSlots = 1024;

    private Slot[] _slots = new Slot[InitialSlots];
    private int _mask = InitialSlots - 1;
    private int _growAt = InitialSlots / 4 * 3;

    /// <summary>Distinct hashes held.</summary>
    public int Count { get; private set; }

    /// <summary>Counts one more page holding <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(PageHash hash)
    {
        ref var slot = ref Probe(hash);
        if (slot.Pages != 0)
        {
            slot.Pages++;
            return;
        }

        slot.Low = hash.Low;
        slot.High = hash.High;
        slot.Pages = 1;
        if (++Count > _growAt)
        {
            Grow();
        }
    }

    /// <summary>Pages holding <paramref name="hash"/>; 0 when none does.</summary>
    public int PagesOf(PageHash hash) => Probe(hash).Pages;

    /// <summary>True when some page holds <paramref name="hash"/>.</summary>
    public bool Contains(PageHash hash) => PagesOf(hash) != 0;

    /// <summary>Pages held here whose hash <paramref name="other"/> also holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long PagesAlsoIn(HashCounts other)
    {
        long pages = 0;
        foreach (var slot in _slots)
        {
            if (slot.Pages != 0 && other.PagesOf(new PageHash(slot.Low, slot.High)) != 0)
            {
                pages += slot.Pages;
            }
        }

        return pages;
    }

    /// <summary>
    /// Distinct hashes every table holds, and how many pages of <paramref name="tables"/>[0] hold them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (long Distinct, long FirstPages) Common(IReadOnlyList<HashCounts> tables)
    {
        var smallest = tables.MinBy(t => t.Count)!;
        long distinct = 0, firstPages = 0;
        foreach (var slot in smallest._slots)
        {
            if (slot.Pages == 0)
            {
                continue;
            }

            var hash = new PageHash(slot.Low, slot.High);
            bool everywhere = true;
            for (int k = 0; k < tables.Count && everywhere; k++)
            {
                everywhere = tables[k].PagesOf(hash) != 0;
            }

            if (everywhere)
            {
                distinct++;
                firstPages += tables[0].PagesOf(hash);
            }
        }

        return (distinct, firstPages);
    }

    /// <summary>Pages whose content more than one page holds, and how many such contents there are.</summary>
    public (long Pages, long Contents) Duplicates()
    {
        long pages = 0, contents = 0;
        foreach (var slot in _slots)
        {
            if (slot.Pages > 1)
            {
                pages += slot.Pages;
                contents++;
            }
        }

        return (pages, contents);
    }

    /// <summary>The slot holding <paramref name="hash"/>, or the empty slot where it belongs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Slot Probe(PageHash hash)
    {
        var slots = _slots;
        int i = (int)hash.Low & _mask;
        while (true)
        {
            ref var slot = ref slots[i];
            if (slot.Pages == 0 || (slot.Low == hash.Low && slot.High == hash.High))
            {
                return ref slot;
            }

            i = (i + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        var old = _slots;
        var slots = new Slot[old.Length * 2];
        int mask = slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Pages == 0)
            {
                continue;
            }

            int i = (int)slot.Low & mask;
            while (slots[i].Pages != 0)
            {
                i = (i + 1) & mask;
            }

            slots[i] = slot;
        }

        _slots = slots;
        _mask = mask;
        _growAt = slots.Length / 4 * 3;
    }

    private struct Slot
    {
        public ulong Low;
        public ulong High;
        public int Pages;
    }
}
