using System.Reflection;
using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

/// <summary>
/// P/Invoke surface of libftpages (native/ftpages/include/ftpages.h), one file per entry point. Every
/// signature is blittable (pointers, nuint, out of blittable structs) except the SafeHandles, which the
/// LibraryImport generator marshals with an AddRef/Release around the call.
/// </summary>
internal static unsafe partial class FtPagesNative
{
    internal const string LibraryName = "ftpages";

    /// <summary>The FTP_ABI_VERSION this assembly was written against.</summary>
    internal const int ExpectedAbiVersion = 1;

    internal const int Ok = 0;
    internal const int InvalidArgument = -1;
    internal const int OutOfMemory = -2;
    internal const int Unmapped = -3;
    internal const int Superpage = -4;
    internal const int Duplicate = -5;
    internal const int OutOfRange = -6;

    /// <summary>Environment variable naming a further directory to look in for libftpages.so.</summary>
    internal const string NativeDirVariable = "FTACTORS_NATIVE_DIR";

    private static readonly Lazy<bool> s_resolverInstalled = new(InstallResolver);

    /// <summary>Installs the import resolver once per process; later calls are free.</summary>
    internal static void EnsureResolver() => _ = s_resolverInstalled.Value;

    private static bool InstallResolver()
    {
        NativeLibrary.SetDllImportResolver(typeof(FtPagesNative).Assembly, Resolve);
        return true;
    }

    /// <summary>
    /// Looks next to this assembly first (where Directory.Build.targets copies the library), then in
    /// FTACTORS_NATIVE_DIR; returning zero lets the runtime's default probing try last.
    /// </summary>
    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return 0;
        }

        string fileName = FileName();
        foreach (string? directory in new[] { Path.GetDirectoryName(assembly.Location), Environment.GetEnvironmentVariable(NativeDirVariable) })
        {
            if (!string.IsNullOrEmpty(directory) && NativeLibrary.TryLoad(Path.Combine(directory, fileName), out nint handle))
            {
                return handle;
            }
        }

        return 0;
    }

    private static string FileName()
    {
        if (OperatingSystem.IsWindows())
        {
            return "ftpages.dll";
        }

        return OperatingSystem.IsMacOS() ? "libftpages.dylib" : "libftpages.so";
    }
}
