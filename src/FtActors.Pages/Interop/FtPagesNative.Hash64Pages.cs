using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>XXH3-64 of each page, for the hash-choice benchmark only.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_hash64_pages")]
    internal static partial int Hash64Pages(byte* pages, nuint count, ulong* hashes);
}
