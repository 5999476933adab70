using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>0 with <paramref name="to"/> set when mapped, FTP_EUNMAPPED when not.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_framemap_lookup")]
    internal static partial int FrameMapLookup(SafeFrameMapHandle map, ulong from, out ulong to);
}
