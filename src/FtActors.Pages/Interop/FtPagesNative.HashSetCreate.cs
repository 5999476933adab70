using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>Builds a native hash set from <paramref name="count"/> hashes.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_hashset_create")]
    internal static partial int HashSetCreate(PageHash* hashes, nuint count, out SafeHashSetHandle set);
}
