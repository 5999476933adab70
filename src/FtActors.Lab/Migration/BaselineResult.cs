using FtActors.Qemu.Qmp;

namespace FtActors.Lab.Migration;

/// <summary>What one baseline run measured.</summary>
/// <param name="Case">What was run.</param>
/// <param name="BootToReady">Host time from starting QEMU to the workload's ready line (data initialised).</param>
/// <param name="BootToFirstIteration">Host time from starting QEMU to iteration 1.</param>
/// <param name="GuestReadyMs">The guest's own monotonic ms on its ready line (time since its kernel started).</param>
/// <param name="Migration">The source's <c>query-migrate</c> at completion, or at the give-up.</param>
/// <param name="SumsVerified">After a completed move: true when the destination's next iteration printed the sum the host computes; null when not checked.</param>
/// <param name="QemuVersion">QEMU's version from the QMP greeting.</param>
public sealed record BaselineResult(
    BaselineCase Case,
    TimeSpan BootToReady,
    TimeSpan BootToFirstIteration,
    ulong? GuestReadyMs,
    MigrationInfo Migration,
    bool? SumsVerified,
    string QemuVersion);
