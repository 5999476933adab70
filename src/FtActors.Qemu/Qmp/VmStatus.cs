namespace FtActors.Qemu.Qmp;

/// <summary>The answer to <c>query-status</c>.</summary>
/// <param name="Running">True while vCPUs run.</param>
/// <param name="Status">QEMU's run state: running, paused, inmigrate, postmigrate, finish-migrate, shutdown...</param>
public sealed record VmStatus(bool Running, string Status);
