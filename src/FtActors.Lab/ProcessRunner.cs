using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Lab;

/// <summary>
/// Runs a command to completion and captures its output, with a timeout. On timeout or cancellation
/// it kills exactly the process it started (and that process's descendants), never anything by name.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; returns whatever exit status it had.</summary>
    /// <exception cref="LabException">The program cannot be started, or it ran past <paramref name="timeout"/>.</exception>
    public static async Task<ProcessResult> RunAsync(
        string file,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        ILogger? logger = null,
        string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        ArgumentNullException.ThrowIfNull(arguments);
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        var commandLine = Describe(file, psi.ArgumentList);
        Log.RunningCommand(logger ?? NullLogger.Instance, commandLine);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new LabException($"could not start '{commandLine}'");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LabException($"could not start '{file}': {e.Message} (expected an executable on PATH or a full path)", e);
        }

        using (process)
        {
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            var outTask = PumpAsync(process.StandardOutput, stdout);
            var errTask = PumpAsync(process.StandardError, stderr);
            try
            {
                if (standardInput is not null)
                {
                    await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading its input; its exit status tells the story.
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                KillTree(process);
                cancellationToken.ThrowIfCancellationRequested();
                throw new LabException($"'{commandLine}' did not finish within {timeout.TotalSeconds:0.#} s and was killed");
            }

            await Task.WhenAll(outTask, errTask).ConfigureAwait(false);
            return new ProcessResult(commandLine, process.ExitCode, stdout.ToString(), stderr.ToString());
        }
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit status is an error carrying stderr.</summary>
    /// <exception cref="LabException">The command failed, could not start, or timed out.</exception>
    public static async Task<ProcessResult> RunCheckedAsync(
        string file,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        var r = await RunAsync(file, arguments, timeout, logger, null, cancellationToken).ConfigureAwait(false);
        if (!r.Succeeded)
        {
            var why = r.StandardError.Trim();
            if (why.Length == 0)
            {
                why = r.StandardOutput.Trim();
            }

            throw new LabException($"'{r.CommandLine}' failed with exit status {r.ExitCode}: {why}");
        }

        return r;
    }

    /// <summary>Quotes a command line for messages and logs (not for a shell).</summary>
    public static string Describe(string file, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { file }.Concat(arguments).Select(a => a.Length > 0 && a.All(c => !char.IsWhiteSpace(c) && c != '\'' && c != '"') ? a : $"'{a}'"));

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            into.Append(buffer, 0, n);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
    }
}
