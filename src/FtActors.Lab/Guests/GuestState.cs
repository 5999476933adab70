namespace FtActors.Lab.Guests;

/// <summary>
/// The registry record of a running guest, kept as <c>state.json</c> in its run directory so that
/// another process (<c>ftactors lab guest list/stop</c>) can find and stop it.
/// </summary>
/// <param name="Name">The guest's name.</param>
/// <param name="Pid">QEMU's process id (after <c>ip netns exec</c> and the shell exec into it, the same process).</param>
/// <param name="PidStartTime">Start time of that PID (/proc stat field 22), which guards against PID reuse.</param>
/// <param name="QmpSocket">QMP Unix socket.</param>
/// <param name="SerialLog">Serial console file.</param>
/// <param name="RamFile">Shared RAM file, or null for anonymous RAM.</param>
/// <param name="Namespace">Network namespace QEMU runs in, or null.</param>
/// <param name="RunDirectory">The run directory holding all of the above.</param>
/// <param name="Workload">The workload on the kernel command line.</param>
/// <param name="MemoryMiB">Guest memory.</param>
/// <param name="Mb">Workload size.</param>
/// <param name="Incoming">The <c>-incoming</c> URI, or null.</param>
/// <param name="KeepRunDirectory">Whether stopping keeps the run directory.</param>
/// <param name="StartedUtc">When QEMU was started.</param>
/// <param name="Spec">The full spec it was started from (lets another process start a matching migration destination).</param>
public sealed record GuestState(
    string Name,
    int Pid,
    long? PidStartTime,
    string QmpSocket,
    string SerialLog,
    string? RamFile,
    string? Namespace,
    string RunDirectory,
    string Workload,
    int MemoryMiB,
    int Mb,
    string? Incoming,
    bool KeepRunDirectory,
    DateTimeOffset StartedUtc,
    GuestSpec? Spec = null)
{
    /// <summary>True while the recorded QEMU process still runs.</summary>
    public bool IsAlive => ProcessControl.IsAlive(Pid, PidStartTime);
}
