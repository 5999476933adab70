using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>Hashes and types a batch, honouring NotPresent/PageTable marks and typing held hashes AtDestination. <paramref name="held"/> is a raw <c>ftp_hashset*</c> (zero for none) because a SafeHandle parameter cannot be null; the caller keeps the handle alive with DangerousAddRef.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_classify_marked")]
    internal static partial int ClassifyMarked(byte* pages, nuint count, nint held, PageHash* hashes, PageType* types);
}
