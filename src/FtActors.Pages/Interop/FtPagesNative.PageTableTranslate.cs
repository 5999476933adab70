using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>Rewrites the frames of one pagetable page through a map, all or nothing.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_pt_translate")]
    internal static partial int PageTableTranslate(byte* page, int level, int pagingLevels, SafeFrameMapHandle map, out PageTableError error);
}
