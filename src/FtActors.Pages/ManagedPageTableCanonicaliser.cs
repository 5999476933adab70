using System.Buffers.Binary;

namespace FtActors.Pages;

/// <summary>The managed pagetable translator over a <see cref="ManagedFrameMap"/>.</summary>
internal sealed class ManagedPageTableCanonicaliser : PageTableCanonicaliser
{
    private readonly ManagedFrameMap _map;

    public ManagedPageTableCanonicaliser(ReadOnlySpan<ulong> from, ReadOnlySpan<ulong> to, PvPagingMode mode)
        : base(mode)
    {
        _map = new ManagedFrameMap(from, to);
    }

    public override string EngineName => "managed";

    public override long Count => _map.Count;

    public override bool IsDense => _map.IsDense;

    public override bool TryMapFrame(ulong frame, out ulong mapped) => _map.TryMap(frame, out mapped);

    private protected override void TranslateCore(Span<byte> page, int level, int pageIndex)
    {
        // Translate into a copy first so that a bad entry leaves the page exactly as it was.
        Span<ulong> entries = stackalloc ulong[PvPageTableRules.Entries];
        for (int i = 0; i < entries.Length; i++)
        {
            ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(page[(i * 8)..]);
            if (PvPageTableRules.IsXenSlot(level, Mode, i))
            {
                entries[i] = 0;
                continue;
            }

            if ((entry & PvPageTableRules.Present) == 0)
            {
                entries[i] = entry;
                continue;
            }

            ulong frame = (entry & PvPageTableRules.FrameMask) >> PvPageTableRules.FrameShift;
            if (level > 1 && (entry & PvPageTableRules.Superpage) != 0)
            {
                throw new PageTableEntryException(level, i, frame, PageTableFault.Superpage, pageIndex);
            }

            if (!_map.TryMap(frame, out ulong mapped))
            {
                throw new PageTableEntryException(level, i, frame, PageTableFault.Unmapped, pageIndex);
            }

            entries[i] = (entry & ~PvPageTableRules.FrameMask) | (mapped << PvPageTableRules.FrameShift);
        }

        for (int i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(page[(i * 8)..], entries[i]);
        }
    }
}
