using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>XXH3-128 (seed 0) of <paramref name="length"/> bytes.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_hash")]
    internal static partial int Hash(byte* data, nuint length, PageHash* hash);
}
