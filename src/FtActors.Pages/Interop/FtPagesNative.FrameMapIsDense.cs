using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>1 when the map is a dense array.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_framemap_is_dense")]
    internal static partial int FrameMapIsDense(SafeFrameMapHandle map);
}
