using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>Distinct hashes in the set.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_hashset_count")]
    internal static partial nuint HashSetCount(SafeHashSetHandle set);
}
