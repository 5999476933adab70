using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>Hashes and types a batch of pages (zero or normal).</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_classify")]
    internal static partial int Classify(byte* pages, nuint count, PageHash* hashes, PageType* types);
}
