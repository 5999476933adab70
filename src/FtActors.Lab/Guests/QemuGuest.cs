using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FtActors.Qemu.Qmp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using FtActors.Qemu;

namespace FtActors.Lab.Guests;

/// <summary>
/// One QEMU process running a lab guest, with its QMP connection and serial log. Disposing it always
/// ends exactly the process it started (SIGTERM, then SIGKILL), by PID, and removes its run directory
/// unless the spec asked to keep it. <see cref="DetachAsync"/> instead leaves QEMU running for
/// <c>ftactors lab guest stop</c> to end later.
/// </summary>
public sealed partial class QemuGuest : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly Process _process;
    private int _disposed;

    private QemuGuest(GuestSpec spec, GuestState state, Process process, QmpClient qmp, IReadOnlyList<string> commandLine, ILogger logger)
    {
        Spec = spec;
        State = state;
        _process = process;
        Qmp = qmp;
        CommandLine = commandLine;
        Serial = new SerialLog(state.SerialLog);
        _logger = logger;
    }

    /// <summary>The spec this guest was started from.</summary>
    public GuestSpec Spec { get; }

    /// <summary>Its registry record: PID, socket, serial and RAM paths.</summary>
    public GuestState State { get; }

    /// <summary>The QEMU process id.</summary>
    public int Pid => State.Pid;

    /// <summary>The QMP connection (already past capabilities negotiation).</summary>
    public QmpClient Qmp { get; }

    /// <summary>The serial console.</summary>
    public SerialLog Serial { get; }

    /// <summary>The full command that started QEMU (after any <c>ip netns exec</c> prefix).</summary>
    public IReadOnlyList<string> CommandLine { get; }

    /// <summary>The shared RAM file, or null for anonymous RAM.</summary>
    public string? RamPath => State.RamFile;

    /// <summary>True while the QEMU process runs.</summary>
    public bool IsRunning => State.IsAlive;

    /// <summary>QEMU's own stdout and stderr (warnings, errors before exit).</summary>
    public string QemuLogPath => Path.Combine(State.RunDirectory, "qemu.log");

    /// <summary>
    /// Validates <paramref name="spec"/>, starts QEMU and connects QMP. Nothing is left running or
    /// registered when this throws.
    /// </summary>
    /// <exception cref="GuestSpecException">The spec cannot run (bad workload, too big, no QEMU, no image, no namespace).</exception>
    /// <exception cref="LabException">QEMU exited during start or QMP did not come up; the message quotes QEMU's output.</exception>
    public static async Task<QemuGuest> StartAsync(
        GuestSpec spec, ILogger? logger = null, TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        logger ??= NullLogger.Instance;
        var qemu = spec.Validate();
        var runDir = Path.GetFullPath(spec.ResolvedRunDirectory);
        var runRoot = Path.GetDirectoryName(runDir)!;
        if (GuestRegistry.Find(spec.Name, runRoot) is { } existing)
        {
            throw new GuestSpecException(nameof(GuestSpec.Name),
                $"guest '{spec.Name}' is already running (pid {existing.Pid}); stop it with `ftactors lab guest stop {spec.Name}`");
        }

        if (spec.NetworkNamespace is { } ns && !File.Exists(Path.Combine("/run/netns", ns)))
        {
            throw new GuestSpecException(nameof(GuestSpec.NetworkNamespace),
                $"network namespace: expected '{ns}' to exist (ip netns list), found none; create one with `ftactors lab topology create`");
        }

        var qmpPath = Path.Combine(runDir, "qmp.sock");
        if (qmpPath.Length > 100)
        {
            throw new GuestSpecException(nameof(GuestSpec.RunDirectory),
                $"QMP socket path: expected at most 100 characters (Unix socket limit 108), found {qmpPath.Length}: {qmpPath}; set FTACTORS_LAB_DIR to a shorter path");
        }

        if (Directory.Exists(runDir))
        {
            // A stale run directory of a guest that is no longer running (Find above cleaned its record).
            Directory.Delete(runDir, recursive: true);
        }

        Directory.CreateDirectory(runDir);
        var serialPath = Path.Combine(runDir, "serial.log");
        var pidPath = Path.Combine(runDir, "qemu.pid");
        var logPath = Path.Combine(runDir, "qemu.log");
        var ramPath = spec.ResolvedRamPath is { } r ? Path.GetFullPath(r) : null;
        var args = BuildArguments(spec, qemu, qmpPath, serialPath, pidPath, ramPath);
        var command = spec.NetworkNamespace is { } netns ? new List<string> { "ip", "netns", "exec", netns }.Concat(args).ToList() : args;

        // The shell execs into the command (ip netns exec execs into QEMU in turn), so the PID we get is
        // QEMU's. Output goes to a file, not a pipe: QEMU must outlive this process for `lab guest start`.
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null");
        psi.ArgumentList.Add("ftlab-qemu");
        psi.ArgumentList.Add(logPath);
        foreach (var a in command)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new LabException($"could not start {ProcessRunner.Describe(command[0], command.Skip(1))}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            FileCleanup.TryDeleteDirectory(runDir, logger);
            throw new LabException($"could not start /bin/sh to launch QEMU: {e.Message}", e);
        }

        var state = new GuestState(
            spec.Name, process.Id, ProcessControl.ReadStartTime(process.Id), qmpPath, serialPath, ramPath, spec.NetworkNamespace,
            runDir, spec.Workload, spec.MemoryMiB, spec.Mb, spec.Incoming, spec.KeepRunDirectory, DateTimeOffset.UtcNow, spec);
        GuestRegistry.Write(state);
        QmpClient? qmp = null;
        try
        {
            var timeout = startTimeout ?? TimeSpan.FromSeconds(30);
            qmp = await ConnectWhileAliveAsync(process, qmpPath, logPath, timeout, logger, cancellationToken).ConfigureAwait(false);
            await CheckPidFileAsync(process, pidPath, logPath, timeout, cancellationToken).ConfigureAwait(false);
            Log.GuestStarted(logger, spec.Name, process.Id, runDir);
            return new QemuGuest(spec, state, process, qmp, command, logger);
        }
        catch
        {
            if (qmp is not null)
            {
                await qmp.DisposeAsync().ConfigureAwait(false);
            }

            // Nothing here may replace the error that brought us here: a QEMU that outlives its SIGKILL is logged.
            try
            {
                await ProcessControl.TerminateAsync(process.Id, state.PidStartTime, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is QemuException or TimeoutException)
            {
                Log.CleanupFailed(logger, $"ending QEMU (pid {process.Id}) after a failed start", e.Message);
            }

            process.Dispose();
            GuestRegistry.Forget(state with { KeepRunDirectory = spec.KeepRunDirectory });
            throw;
        }
    }

    /// <summary>The QEMU arguments for <paramref name="spec"/> (without the binary's namespace prefix).</summary>
    public static List<string> BuildArguments(GuestSpec spec, string qemuBinary, string qmpPath, string serialPath, string pidPath, string? ramPath)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var mem = spec.MemoryMiB.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            qemuBinary,
            "-accel", spec.Accelerator == Accelerator.Kvm ? "kvm" : "tcg",
            "-M", spec.Machine,
            "-m", mem,
            "-nodefaults", "-display", "none", "-no-user-config",
            "-name", spec.Name,
        };
        if (ramPath is not null)
        {
            args.AddRange([
                "-object", $"memory-backend-file,id=mem0,size={mem}M,mem-path={ramPath},share=on",
                "-machine", "memory-backend=mem0",
            ]);
        }

        args.AddRange([
            "-kernel", Path.GetFullPath(spec.KernelPath ?? LabPaths.Kernel),
            "-initrd", Path.GetFullPath(spec.InitrdPath ?? LabPaths.Initrd),
            "-append", spec.KernelCommandLine,
            "-serial", "file:" + serialPath,
            "-qmp", $"unix:{qmpPath},server=on,wait=off",
            "-pidfile", pidPath,
        ]);
        if (spec.BalloonFreePageReporting || spec.BalloonFreePageHint)
        {
            var opts = "virtio-balloon-pci";
            if (spec.BalloonFreePageReporting)
            {
                opts += ",free-page-reporting=on";
            }

            if (spec.BalloonFreePageHint)
            {
                opts += ",free-page-hint=on";
            }

            args.AddRange(["-device", opts]);
        }

        if (spec.StartPaused)
        {
            args.Add("-S");
        }

        if (spec.Incoming is { } incoming)
        {
            args.AddRange(["-incoming", incoming]);
        }

        args.AddRange(spec.ExtraArgs);
        return args;
    }

    private static async Task<QmpClient> ConnectWhileAliveAsync(
        Process process, string qmpPath, string logPath, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new LabException(
                    $"QEMU exited with status {process.ExitCode} while starting: {ReadLog(logPath)}");
            }

            if (File.Exists(qmpPath))
            {
                return await QmpClient.ConnectAsync(qmpPath, TimeSpan.FromSeconds(Math.Max(5, (deadline - DateTime.UtcNow).TotalSeconds)), logger, cancellationToken)
                    .ConfigureAwait(false);
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new LabException(
                    $"QEMU (pid {process.Id}) did not create its QMP socket {qmpPath} within {timeout.TotalSeconds:0} s: {ReadLog(logPath)}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CheckPidFileAsync(Process process, string pidPath, string logPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // QEMU writes the pidfile before it opens the QMP socket, so it is there by now; the check
        // proves the PID we will signal is QEMU's own and not a wrapper's.
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(pidPath) || new FileInfo(pidPath).Length == 0)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new LabException($"QEMU did not write its pidfile {pidPath}: {ReadLog(logPath)}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var text = (await File.ReadAllTextAsync(pidPath, cancellationToken).ConfigureAwait(false)).Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != process.Id)
        {
            throw new LabException(
                $"QEMU pidfile {pidPath}: expected pid {process.Id} (the process the lab started), found '{text}'");
        }
    }

    private static string ReadLog(string logPath)
    {
        try
        {
            var text = File.Exists(logPath) ? File.ReadAllText(logPath).Trim() : string.Empty;
            return text.Length == 0 ? "(no output)" : text.Length > 2000 ? text[^2000..] : text;
        }
        catch (IOException)
        {
            return "(output unreadable)";
        }
    }

    /// <summary>Waits for the workload's <c>ready</c> line (data initialised).</summary>
    public Task<string> WaitForReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Serial.WaitForLineAsync(ReadyPattern(), timeout, () => IsRunning, cancellationToken);

    /// <summary>Waits until the workload has printed iteration <paramref name="iteration"/> or a later one.</summary>
    public Task<FtwLine> WaitForIterationAsync(ulong iteration, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Serial.WaitForIterationAsync(iteration, timeout, () => IsRunning, cancellationToken);

    /// <summary>Closes QMP and lets QEMU run on, still registered, for another process to stop.</summary>
    public async Task DetachAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Qmp.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>Ends QEMU (SIGTERM, SIGKILL after 5 s) and removes the run directory unless kept.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Qmp.DisposeAsync().ConfigureAwait(false);
        var killed = await ProcessControl.TerminateAsync(State.Pid, State.PidStartTime, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        if (killed)
        {
            Log.GuestKilled(_logger, Spec.Name, State.Pid);
        }

        // Reap our child so no zombie stays behind.
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Already logged by the kill path; nothing more we can do to our own child.
        }

        _process.Dispose();
        GuestRegistry.Forget(State);
        Log.GuestStopped(_logger, Spec.Name, State.Pid);
    }

    [GeneratedRegex(@"^ftw \w+ ready ")]
    private static partial Regex ReadyPattern();
}
