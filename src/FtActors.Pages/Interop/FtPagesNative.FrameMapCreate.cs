using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>Builds a native frame map from pairs; on a duplicate or oversized frame <paramref name="badIndex"/> names the pair.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_framemap_create")]
    internal static partial int FrameMapCreate(ulong* from, ulong* to, nuint count, out SafeFrameMapHandle map, out nuint badIndex);
}
