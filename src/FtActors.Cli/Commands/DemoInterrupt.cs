using System.Runtime.InteropServices;

namespace FtActors.Cli.Commands;

/// <summary>
/// Makes SIGINT (Ctrl+C) and SIGTERM stop the demo at any phase and wait for its teardown. The demo's action is
/// synchronous on purpose: System.CommandLine installs its own signal handling only for asynchronous actions, and that
/// handling lets the process exit two seconds after the signal (its process-termination timeout), far too short to
/// stop two QEMUs, two node processes and a topology. Here the handlers record which signal came (for the message and
/// the exit code, 130 or 143 as a shell reports them), mark it handled so the runtime does not terminate the process,
/// and cancel <see cref="Token"/>; the demo then tears everything down and returns. A second signal during the
/// teardown is ignored; the teardown itself is bounded (each guest gets 5 s before it is killed).
/// </summary>
internal sealed class DemoInterrupt : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private int _signal;

    public DemoInterrupt()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled on SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>"SIGINT" or "SIGTERM" once one arrived, else null.</summary>
    public string? Signal => Volatile.Read(ref _signal) switch
    {
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => null,
    };

    /// <summary>The exit code of an interrupted run: 128 + the signal number.</summary>
    public int ExitCode => Volatile.Read(ref _signal) == 15 ? 143 : 130;

    /// <inheritdoc />
    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _cts.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // The first signal names the interruption; marked handled so the runtime's default (terminate) does not run.
        Interlocked.CompareExchange(ref _signal, context.Signal == PosixSignal.SIGTERM ? 15 : 2, 0);
        context.Cancel = true;
        _ = Task.Run(CancelOwn);
    }

    private void CancelOwn()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The demo already ended.
        }
    }
}
