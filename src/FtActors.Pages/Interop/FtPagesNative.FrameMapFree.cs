using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>Frees a map; called only by <see cref="SafeFrameMapHandle"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_framemap_free")]
    internal static partial void FrameMapFree(nint map);
}
