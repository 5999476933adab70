using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>Frees a set; called only by <see cref="SafeHashSetHandle"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_hashset_free")]
    internal static partial void HashSetFree(nint set);
}
