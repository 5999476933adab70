using System.Runtime.InteropServices;

namespace FtActors.Images;

internal static partial class Interop
{
    /// <summary>lseek(2) whence value: next offset at or after the given one that holds data.</summary>
    public const int SeekData = 3;

    /// <summary>lseek(2) whence value: next hole at or after the given offset (end of file counts as one).</summary>
    public const int SeekHole = 4;

    // off_t is 64-bit on every 64-bit Linux ABI .NET runs on; the file descriptor comes from a SafeFileHandle
    // the caller keeps alive for the duration of the call.
    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    public static partial long Lseek(int fd, long offset, int whence);
}
