using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics;

namespace FtActors.Health;

/// <summary>Runs an external command (ipmitool, smartctl, nhc, scontrol) and captures its output.</summary>
public static class CommandRunner
{
    /// <summary>
    /// Runs <paramref name="command"/> (program then arguments, no shell) and returns its exit code and output.
    /// The process is killed when <paramref name="cancellationToken"/> fires. A program that cannot be started
    /// gives exit code -1 and the reason in <see cref="CommandResult.StandardError"/>.
    /// </summary>
    public static async Task<CommandResult> RunAsync(ImmutableArray<string> command, CancellationToken cancellationToken)
    {
        if (command.IsDefaultOrEmpty)
        {
            return new CommandResult(-1, string.Empty, "no command configured", Started: false);
        }

        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.AsSpan()[1..])
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new CommandResult(-1, string.Empty, $"cannot start {command[0]}: {ex.Message}", Started: false);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), Started: true);
        }
        catch (OperationCanceledException)
        {
            // Kill the whole tree: a hung health script must not linger (NHC's watchdog escalates the same way).
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited between the cancellation and the kill.
            }

            throw;
        }
    }
}
