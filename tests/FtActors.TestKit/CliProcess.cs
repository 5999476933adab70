using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;

namespace FtActors.TestKit;

/// <summary>
/// One <c>ftactors</c> CLI process for lab tests, run with <c>dotnet</c> directly or inside a network namespace
/// (<c>ip netns exec</c> execs its command, so the process id is dotnet's own and signals reach the CLI). Its
/// output is captured for assertions and diagnostics; disposing kills it if it still runs.
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private static readonly string[] DefaultSignals = ["env", "--default-signal=INT,QUIT"];
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    /// <summary>
    /// Starts <paramref name="cliDll"/> with <paramref name="args"/>, inside <paramref name="netns"/> when it is not null.
    /// <c>env --default-signal</c> (which execs, keeping the process id) gives the CLI default SIGINT and SIGQUIT
    /// handling: a suite started as a background job inherits both as ignored, and a program keeps an ignored
    /// SIGINT ignored, so without it a test's Ctrl-C would depend on how the suite was started.
    /// TERM is set to a colour terminal's, as under a user's pipe or redirect: the output must still be plain text.
    /// </summary>
    public CliProcess(string cliDll, string? netns, IEnumerable<string> args)
        : this(StartInfo(netns is null ? [.. DefaultSignals, "dotnet", cliDll] : ["ip", "netns", "exec", netns, .. DefaultSignals, "dotnet", cliDll], args, null, null))
    {
    }

    private CliProcess(ProcessStartInfo psi)
    {
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Runs a command line as a user types it: <c>bash -c <paramref name="commandLine"/></c> in
    /// <paramref name="workingDirectory"/>, with <paramref name="environment"/> added to this process's environment,
    /// the same signal and TERM set-up as the CLI constructor.
    /// </summary>
    public static CliProcess Shell(string commandLine, string workingDirectory, IReadOnlyDictionary<string, string> environment) =>
        new(StartInfo([.. DefaultSignals, "bash", "-c", commandLine], [], workingDirectory, environment));

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed on stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Everything the process printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>; fails if the process ends first or the time runs out.</summary>
    public Task WaitForStdoutAsync(string text, TimeSpan timeout) => WaitForAsync(() => Stdout, text, timeout);

    /// <summary>Waits until stderr contains <paramref name="text"/>; fails if the process ends first or the time runs out.</summary>
    public Task WaitForStderrAsync(string text, TimeSpan timeout) => WaitForAsync(() => Stderr, text, timeout);

    /// <summary>Waits for the process to end and returns its exit code; fails when it does not end in time.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"process did not exit within {timeout}: stdout {Stdout} stderr {Stderr}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a service manager's stop, and asserts a clean exit (code 0) within <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        Assert.Equal(0, await WaitAsync(timeout));
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill() => _process.Kill();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(string[] command, IEnumerable<string> args, string? workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["TERM"] = "xterm-256color";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var a in command.Skip(1).Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    private async Task WaitForAsync(Func<string> output, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!output().Contains(text, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited && !output().Contains(text, StringComparison.Ordinal), $"process exited before printing '{text}': stdout {Stdout} stderr {Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' not printed within {timeout}: stdout {Stdout} stderr {Stderr}");
            await Task.Delay(50);
        }
    }

    private void Append(StringBuilder sb, string? line)
    {
        if (line is not null)
        {
            lock (_lock)
            {
                sb.AppendLine(line);
            }
        }
    }
}
