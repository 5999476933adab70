using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>Pairs in the map.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_framemap_count")]
    internal static partial nuint FrameMapCount(SafeFrameMapHandle map);
}
