using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Health.Tests;

/// <summary>
/// One throwaway Slurm controller (munged, slurmctld, a slurmd each for nodes cn1 and cn2) per test class, started
/// with scripts/slurm-controller.sh in a temporary directory and stopped on dispose. Does nothing when
/// <see cref="SlurmFactAttribute.MissingReason"/> says Slurm cannot run here (xunit builds class fixtures even when
/// every test is skipped).
/// </summary>
public sealed partial class SlurmControllerFixture : IAsyncLifetime
{
    private static readonly string Script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "scripts", "slurm-controller.sh"));

    /// <summary>The controller's directory: slurm.conf, the logs, and the scontrol wrapper.</summary>
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "ft-slurm-" + Guid.NewGuid().ToString("N"));

    /// <summary>The wrapper that runs /usr/bin/scontrol against this controller.</summary>
    public string Scontrol => Path.Combine(Dir, "scontrol");

    /// <summary>How long a single scontrol call or the start may take; scaled by FTACTORS_TEST_TIMEFACTOR.</summary>
    public static TimeSpan Timeout { get; } = TestKitSettings.Dilated(TimeSpan.FromSeconds(60));

    public async Task InitializeAsync()
    {
        if (SlurmFactAttribute.MissingReason is not null)
        {
            return;
        }

        try
        {
            await RunScriptAsync("start").ConfigureAwait(false);
        }
        catch
        {
            // xunit does not dispose a fixture whose InitializeAsync threw: nothing may be left running.
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (!Directory.Exists(Dir))
        {
            return;
        }

        // Also the undo of a failed start (InitializeAsync): neither step may replace the error that brought us here.
        if (File.Exists(Path.Combine(Dir, "slurm.conf")) || File.Exists(Path.Combine(Dir, "munged.pid")))
        {
            await TestCleanup.RunAsync<Xunit.Sdk.XunitException>("stopping the Slurm controller", () => RunScriptAsync("stop")).ConfigureAwait(false);
        }

        TestCleanup.DeleteDirectory(Dir);
    }

    /// <summary>Runs the wrapper scontrol with <paramref name="args"/> and returns its exit code and output.</summary>
    public async Task<CommandResult> ScontrolAsync(params string[] args)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await CommandRunner.RunAsync([Scontrol, .. args], cts.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>scontrol show node</c> read back from the controller, split without SlurmNodeInfo (whose parsing is part
    /// of what the tests check): the State= token and the Reason= line, or null when there is none.
    /// </summary>
    public async Task<(string State, string? Reason, string Raw)> ShowAsync(string node)
    {
        var run = await ScontrolAsync("show", "node", node).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"expected scontrol show node {node} to succeed, found exit {run.ExitCode}: {run.StandardError}");
        }

        var state = StatePattern().Match(run.StandardOutput);
        var reason = ReasonPattern().Match(run.StandardOutput);
        if (!state.Success)
        {
            throw new Xunit.Sdk.XunitException($"expected a State= token in scontrol show node {node}, found:\n{run.StandardOutput}");
        }

        return (state.Groups[1].Value, reason.Success ? reason.Groups[1].Value.TrimEnd('\r') : null, run.StandardOutput);
    }

    /// <summary>Puts <paramref name="node"/> back to undrained, whoever drained it, so every test starts alike.</summary>
    public async Task UndrainAsync(string node)
    {
        var (state, _, _) = await ShowAsync(node).ConfigureAwait(false);
        if (state.Contains("DRAIN", StringComparison.Ordinal))
        {
            var run = await ScontrolAsync("update", $"NodeName={node}", "State=RESUME").ConfigureAwait(false);
            if (run.ExitCode != 0)
            {
                throw new Xunit.Sdk.XunitException($"expected scontrol update NodeName={node} State=RESUME to succeed, found exit {run.ExitCode}: {run.StandardError}");
            }
        }
    }

    private async Task RunScriptAsync(string verb)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(verb);
        psi.ArgumentList.Add(Dir);
        // The script's watchdog stops the daemons if this test process dies without disposing the fixture.
        psi.Environment["FTACTORS_SLURM_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        psi.Environment["FTACTORS_SLURM_WAIT"] = ((int)Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout * 2);
        await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        await stdout.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"expected slurm-controller.sh {verb} {Dir} to succeed, found exit {process.ExitCode}:\n{await stderr.ConfigureAwait(false)}");
        }
    }

    [GeneratedRegex(@"\bState=(\S+)")]
    private static partial Regex StatePattern();

    [GeneratedRegex(@"^\s*Reason=(.*)$", RegexOptions.Multiline)]
    private static partial Regex ReasonPattern();
}
