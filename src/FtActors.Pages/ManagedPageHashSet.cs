using System.Numerics;

namespace FtActors.Pages;

/// <summary>
/// Open addressing with linear probing over a power-of-two table at most half full. Page hashes are
/// already uniform, so the low bits of <see cref="PageHash.Low"/> index the table directly. The all-zero
/// hash marks an empty slot; the one real input that equals it is remembered in a flag.
/// </summary>
internal sealed class ManagedPageHashSet : PageHashSet
{
    private readonly PageHash[] _slots;
    private readonly ulong _mask;
    private readonly bool _holdsEmptyMarker;
    private readonly long _count;

    public ManagedPageHashSet(ReadOnlySpan<PageHash> hashes)
    {
        ulong capacity = Math.Max(16UL, BitOperations.RoundUpToPowerOf2((ulong)hashes.Length * 2));
        _slots = new PageHash[capacity];
        _mask = capacity - 1;
        foreach (PageHash hash in hashes)
        {
            if (hash == default)
            {
                if (!_holdsEmptyMarker)
                {
                    _holdsEmptyMarker = true;
                    _count++;
                }

                continue;
            }

            ulong slot = hash.Low & _mask;
            while (true)
            {
                PageHash existing = _slots[slot];
                if (existing == default)
                {
                    _slots[slot] = hash;
                    _count++;
                    break;
                }

                if (existing == hash)
                {
                    break;
                }

                slot = (slot + 1) & _mask;
            }
        }
    }

    public override long Count => _count;

    public override string EngineName => "managed";

    public override bool Contains(PageHash hash)
    {
        if (hash == default)
        {
            return _holdsEmptyMarker;
        }

        ulong slot = hash.Low & _mask;
        while (true)
        {
            PageHash existing = _slots[slot];
            if (existing == hash)
            {
                return true;
            }

            if (existing == default)
            {
                return false;
            }

            slot = (slot + 1) & _mask;
        }
    }
}
