using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>1 when the set holds the hash, 0 when not, negative on a bad argument.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_hashset_contains")]
    internal static partial int HashSetContains(SafeHashSetHandle set, PageHash* hash);
}
