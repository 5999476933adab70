using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Migration.Interop;

/// <summary>The few libc calls the streamer needs that .NET does not expose.</summary>
internal static partial class Posix
{
    /// <summary>lseek(2) whence: the next offset at or after the given one that holds data.</summary>
    public const int SeekData = 3;

    /// <summary>lseek(2) whence: the next hole at or after the given offset (end of file counts as one).</summary>
    public const int SeekHole = 4;

    /// <summary>lseek on a handle the caller keeps open; -1 when unsupported or (SEEK_DATA) past the last data.</summary>
    public static long Seek(SafeFileHandle handle, long offset, int whence)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return Lseek((int)handle.DangerousGetHandle(), offset, whence);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // off_t is 64-bit on every 64-bit Linux ABI .NET runs on.
    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Lseek(int fd, long offset, int whence);
}
