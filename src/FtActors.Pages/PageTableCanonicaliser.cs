namespace FtActors.Pages;

/// <summary>
/// Rewrites the frame numbers in Xen PV pagetable pages through a frame map: machine frames to guest
/// frames at the sender (canonicalise, <see cref="ForSave"/>) and back at the receiver with the
/// destination's own p2m (uncanonicalise, <see cref="ForRestore"/>). Each present entry's frame field
/// (bits 12-51) is replaced and its flag bits kept; non-present entries pass unchanged; Xen's own slots
/// are blanked. A page with an entry that cannot be translated is left untouched and reported by
/// <see cref="PageTableEntryException"/>. Built by an engine, so the work runs native when it can.
/// </summary>
public abstract class PageTableCanonicaliser : IDisposable
{
    /// <summary>The p2m value Xen uses for a guest frame with no machine frame (INVALID_MFN): skipped.</summary>
    public const ulong InvalidFrame = ulong.MaxValue;

    private protected PageTableCanonicaliser(PvPagingMode mode)
    {
        if (mode is not (PvPagingMode.Pae or PvPagingMode.FourLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Expected a paging mode of 3 (PAE) or 4 levels.");
        }

        Mode = mode;
    }

    /// <summary>The guest's paging mode; decides which slots are Xen's.</summary>
    public PvPagingMode Mode { get; }

    /// <summary>The <see cref="IPageEngine.Name"/> of the engine that does the work.</summary>
    public abstract string EngineName { get; }

    /// <summary>Frames in the map.</summary>
    public abstract long Count { get; }

    /// <summary>Whether the map is a dense array (one load per lookup) rather than a sorted search.</summary>
    public abstract bool IsDense { get; }

    /// <summary>
    /// A canonicaliser for the sender: maps each machine frame of the guest's p2m (index = guest frame,
    /// value = machine frame, <see cref="InvalidFrame"/> for none) back to its guest frame.
    /// </summary>
    /// <exception cref="FrameMapException">Two guest frames name the same machine frame, or a frame exceeds 40 bits.</exception>
    public static PageTableCanonicaliser ForSave(IPageBatchEngine engine, ReadOnlySpan<ulong> p2m, PvPagingMode mode)
    {
        ArgumentNullException.ThrowIfNull(engine);
        (ulong[] pfns, ulong[] mfns) = Populated(p2m);
        return engine.CreatePageTableCanonicaliser(mfns, pfns, mode);
    }

    /// <summary>
    /// An uncanonicaliser for the receiver: maps guest frames to the machine frames of the destination's
    /// p2m (index = guest frame, value = machine frame, <see cref="InvalidFrame"/> for none).
    /// </summary>
    /// <exception cref="FrameMapException">A frame exceeds 40 bits.</exception>
    public static PageTableCanonicaliser ForRestore(IPageBatchEngine engine, ReadOnlySpan<ulong> p2m, PvPagingMode mode)
    {
        ArgumentNullException.ThrowIfNull(engine);
        (ulong[] pfns, ulong[] mfns) = Populated(p2m);
        return engine.CreatePageTableCanonicaliser(pfns, mfns, mode);
    }

    /// <summary>Where <paramref name="frame"/> maps to (<paramref name="mapped"/>), if the map holds it.</summary>
    public abstract bool TryMapFrame(ulong frame, out ulong mapped);

    /// <summary>Translates one pagetable page of level <paramref name="level"/> (1-4) in place.</summary>
    /// <exception cref="PageTableEntryException">An entry names an unmapped frame or a superpage; the page is unchanged.</exception>
    public void Translate(Span<byte> page, int level)
    {
        CheckPage(page.Length, level, nameof(page), nameof(level));
        TranslateCore(page, level, -1);
    }

    /// <summary>
    /// Translates every pagetable page of a batch in place: <paramref name="levels"/> holds one byte per
    /// page, 1-4 for a pagetable of that level and 0 for a page to leave alone (the PAGE_DATA type
    /// nibble's level). Pages before a failing page stay translated; the exception names the page.
    /// </summary>
    public void TranslateBatch(Span<byte> pages, ReadOnlySpan<byte> levels)
    {
        if (pages.Length != (long)levels.Length * PageSize.Bytes)
        {
            throw new ArgumentException($"Expected {(long)levels.Length * PageSize.Bytes} bytes of pages (one per level byte) but found {pages.Length}.", nameof(pages));
        }

        for (int i = 0; i < levels.Length; i++)
        {
            if (levels[i] != 0)
            {
                CheckPage(PageSize.Bytes, levels[i], nameof(pages), nameof(levels));
                TranslateCore(pages.Slice(i * PageSize.Bytes, PageSize.Bytes), levels[i], i);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the map; <paramref name="disposing"/> is false only from a finaliser.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Translates a page whose length and level were checked; throws with <paramref name="pageIndex"/> on a bad entry.</summary>
    private protected abstract void TranslateCore(Span<byte> page, int level, int pageIndex);

    private void CheckPage(int length, int level, string pageName, string levelName)
    {
        if (length != PageSize.Bytes)
        {
            throw new ArgumentException($"Expected one {PageSize.Bytes}-byte pagetable page but found {length} bytes.", pageName);
        }

        if (level < 1 || level > (int)Mode)
        {
            throw new ArgumentOutOfRangeException(levelName, level, $"Expected a pagetable level from 1 to {(int)Mode} for a {(int)Mode}-level guest.");
        }
    }

    private static (ulong[] Pfns, ulong[] Mfns) Populated(ReadOnlySpan<ulong> p2m)
    {
        int populated = p2m.Length - p2m.Count(InvalidFrame);
        ulong[] pfns = new ulong[populated];
        ulong[] mfns = new ulong[populated];
        int next = 0;
        for (int pfn = 0; pfn < p2m.Length; pfn++)
        {
            if (p2m[pfn] != InvalidFrame)
            {
                pfns[next] = (ulong)pfn;
                mfns[next] = p2m[pfn];
                next++;
            }
        }

        return (pfns, mfns);
    }
}
