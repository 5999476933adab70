using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace FtActors.Benchmarks.Pages;

/// <summary>
/// A BenchmarkDotNet clock that reads the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID) instead of
/// wall time. On a machine shared with other busy processes, wall time mostly measures how long the
/// benchmark waited for a core; CPU time measures what one core does while it runs the benchmark, which
/// is the "per core" figure the page engine is judged by. It is only meaningful in-process (the workload
/// and the clock on one thread), so <see cref="PagesBenchmarkConfig"/> pairs it with the in-process toolchain.
/// </summary>
public sealed partial class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTime = 3;

    public string Title => "Thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp()
    {
        _ = ClockGetTime(ClockThreadCpuTime, out TimeSpec time);
        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
