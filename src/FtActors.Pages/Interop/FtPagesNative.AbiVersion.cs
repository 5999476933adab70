using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>The ABI version the library was built with; must equal <see cref="ExpectedAbiVersion"/>.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_abi_version")]
    internal static partial int AbiVersion();
}
