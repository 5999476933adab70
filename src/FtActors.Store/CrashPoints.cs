using System.Diagnostics;
using System.Globalization;

namespace FtActors.Store;

/// <summary>
/// Fault injection for the crash-safety test: when FTACTORS_STORE_CRASH_AFTER=N is set, the writer kills
/// its own process with SIGKILL at the N-th write, fsync, rename or truncate it is about to make, so the
/// test can open the store after a crash at every step of a commit. Off (one integer compare) otherwise.
/// </summary>
internal static class CrashPoints
{
    public const string EnvironmentVariable = "FTACTORS_STORE_CRASH_AFTER";

    private static readonly long CrashAt = ReadSetting();
    private static long s_count;

    private static long ReadSetting()
    {
        string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) && n > 0 ? n : 0;
    }

    /// <summary>Counts one step; at the configured step the process dies on the spot.</summary>
    public static void Hit(string name)
    {
        if (CrashAt == 0)
        {
            return;
        }

        long n = Interlocked.Increment(ref s_count);
        if (n == CrashAt)
        {
            Console.Error.WriteLine($"crash point {n}: {name}");
            Console.Error.Flush();
            Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
