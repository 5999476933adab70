using FtActors.Pages.Interop;

namespace FtActors.Pages;

/// <summary>
/// Turns a libftpages status into an exception. The managed side checks every argument before calling,
/// so a failure here means a bug in this assembly or the library, or memory exhaustion.
/// </summary>
internal static class NativeStatus
{
    public static void ThrowIfFailed(int status, string function)
    {
        if (status < 0)
        {
            Throw(status, function);
        }
    }

    private static void Throw(int status, string function) =>
        throw (status == FtPagesNative.OutOfMemory
            ? new InsufficientMemoryException($"{function} could not allocate native memory.")
            : new InvalidOperationException($"{function} returned status {status} for arguments the managed side had checked."));
}
