using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Store.Interop;

/// <summary>
/// The few libc calls .NET does not expose: fsync of a directory (so a rename survives power loss),
/// SEEK_DATA/SEEK_HOLE (to skip unallocated ranges of a RAM file) and hole punching (to give freed slots'
/// disk space back without rewriting the page area). All arguments are blittable, so no unsafe code.
/// </summary>
internal static partial class Posix
{
    public const int SeekData = 3;
    public const int SeekHole = 4;
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;
    private const int FallocKeepSize = 0x01;
    private const int FallocPunchHole = 0x02;

#pragma warning disable SYSLIB1054 // LibraryImport's generated stubs need AllowUnsafeBlocks, which this project avoids.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FsyncNative(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseNative(int fd);

    [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static extern long LseekNative(SafeFileHandle fd, long offset, int whence);

    [DllImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static extern int FallocateNative(SafeFileHandle fd, int mode, long offset, long length);
#pragma warning restore SYSLIB1054

    /// <summary>fsyncs a directory so a rename inside it is durable; silently does nothing off Linux.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = OpenNative(directory, ORdOnly | ODirectory);
        if (fd < 0)
        {
            throw new StoreException($"{directory}: cannot open the directory to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (FsyncNative(fd) != 0)
            {
                throw new StoreException($"{directory}: fsync of the directory failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = CloseNative(fd);
        }
    }

    /// <summary>lseek with SEEK_DATA/SEEK_HOLE; -1 when unsupported or past the last data.</summary>
    public static long Seek(SafeFileHandle handle, long offset, int whence) =>
        OperatingSystem.IsLinux() ? LseekNative(handle, offset, whence) : -1;

    /// <summary>Punches a hole (keeping the file size); false where the file system cannot.</summary>
    public static bool PunchHole(SafeFileHandle handle, long offset, long length) =>
        OperatingSystem.IsLinux() && FallocateNative(handle, FallocPunchHole | FallocKeepSize, offset, length) == 0;
}
