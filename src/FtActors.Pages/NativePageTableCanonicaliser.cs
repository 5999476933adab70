using FtActors.Pages.Interop;

namespace FtActors.Pages;

/// <summary>The pagetable translator of libftpages, over a native frame map owned by a SafeHandle.</summary>
internal sealed unsafe class NativePageTableCanonicaliser : PageTableCanonicaliser
{
    private readonly SafeFrameMapHandle _map;

    public NativePageTableCanonicaliser(ReadOnlySpan<ulong> from, ReadOnlySpan<ulong> to, PvPagingMode mode)
        : base(mode)
    {
        if (from.Length != to.Length)
        {
            throw new ArgumentException($"Expected as many target frames as source frames ({from.Length}) but found {to.Length}.", nameof(to));
        }

        int status;
        nuint bad;
        // Safety: from and to have the same length (checked) and are pinned for the call only; the
        // library copies the pairs into its own map.
        fixed (ulong* fromPtr = from)
        fixed (ulong* toPtr = to)
        {
            status = FtPagesNative.FrameMapCreate(fromPtr, toPtr, (nuint)from.Length, out _map, out bad);
        }

        if (status is FtPagesNative.Duplicate or FtPagesNative.OutOfRange)
        {
            _map.Dispose();
            int index = (int)bad;
            bool duplicate = status == FtPagesNative.Duplicate;
            throw new FrameMapException(index, duplicate || from[index] >= PvPageTableRules.FrameLimit ? from[index] : to[index], duplicate);
        }

        if (status != FtPagesNative.Ok)
        {
            _map.Dispose();
            NativeStatus.ThrowIfFailed(status, "ftp_framemap_create");
        }

        Count = (long)FtPagesNative.FrameMapCount(_map);
        IsDense = FtPagesNative.FrameMapIsDense(_map) == 1;
    }

    public override string EngineName => "native";

    public override long Count { get; }

    public override bool IsDense { get; }

    public override bool TryMapFrame(ulong frame, out ulong mapped)
    {
        if (FtPagesNative.FrameMapLookup(_map, frame, out mapped) == FtPagesNative.Ok)
        {
            return true;
        }

        mapped = 0;
        return false;
    }

    private protected override void TranslateCore(Span<byte> page, int level, int pageIndex)
    {
        int status;
        PageTableError error;
        // Safety: the base class checked page is exactly 4096 bytes; it is pinned for the call only and
        // the library reads and writes those 4096 bytes (writing only when every entry translated).
        fixed (byte* pagePtr = page)
        {
            status = FtPagesNative.PageTableTranslate(pagePtr, level, (int)Mode, _map, out error);
        }

        switch (status)
        {
            case FtPagesNative.Ok:
                return;
            case FtPagesNative.Unmapped:
                throw new PageTableEntryException(level, (int)error.Entry, error.Frame, PageTableFault.Unmapped, pageIndex);
            case FtPagesNative.Superpage:
                throw new PageTableEntryException(level, (int)error.Entry, error.Frame, PageTableFault.Superpage, pageIndex);
            default:
                NativeStatus.ThrowIfFailed(status, "ftp_pt_translate");
                return;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _map.Dispose();
        }

        base.Dispose(disposing);
    }
}
