using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

internal static unsafe partial class FtPagesNative
{
    /// <summary>The vector level the library's batch kernels run at on this CPU: 1 SSE2, 2 AVX2, 3 AVX-512F, 0 portable.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ftp_simd_level")]
    internal static partial int SimdLevel();
}
