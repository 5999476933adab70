using System.Collections.Immutable;

namespace FtActors.Health.Slurm;

/// <summary>
/// Drains a node in Slurm before its predicted failure and resumes only drains FtActors set itself. Ownership is
/// the reason prefix <see cref="ReasonPrefix"/>, as NHC uses "NHC:": a node an admin drained (any other reason)
/// is never overwritten nor resumed (mej/nhc#134 shows what happens otherwise).
/// </summary>
public sealed class SlurmDrain
{
    /// <summary>Prefix of every reason FtActors writes; the mark of a drain it owns.</summary>
    public const string ReasonPrefix = "FtActors:";

    private readonly string? _scontrol;
    private readonly TimeSpan _timeout;

    /// <summary>Finds <paramref name="scontrol"/> (a path, or a name looked up on PATH).</summary>
    public SlurmDrain(string scontrol = "scontrol", TimeSpan? timeout = null, string? searchPath = null)
    {
        _scontrol = Resolve(scontrol, searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty);
        _timeout = timeout ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>True when scontrol was found, i.e. Slurm is present on this node.</summary>
    public bool IsAvailable => _scontrol is not null;

    /// <summary>Drains <paramref name="node"/> with reason <c>FtActors: {reason}</c> unless someone else already drained it.</summary>
    public async Task<SlurmOutcome> DrainAsync(string node, string reason, CancellationToken cancellationToken)
    {
        if (_scontrol is null)
        {
            return new SlurmOutcome(false, "scontrol not found on PATH: Slurm not present, nothing drained");
        }

        var (info, error) = await ShowAsync(node, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return new SlurmOutcome(false, error!);
        }

        if (info.IsDrained && !Owned(info))
        {
            return new SlurmOutcome(false, $"node {node} already drained by someone else (Reason={info.Reason}); left alone");
        }

        // Slurm reasons are one argument; newlines would end the scontrol line, so they are flattened.
        var text = $"{ReasonPrefix} {reason}".Replace('\n', ' ').Replace('\r', ' ');
        return await UpdateAsync(node, ["State=DRAIN", $"Reason={text}"], $"drained {node}: {text}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resumes <paramref name="node"/> only if its current drain reason starts with <see cref="ReasonPrefix"/>.</summary>
    public async Task<SlurmOutcome> ResumeAsync(string node, CancellationToken cancellationToken)
    {
        if (_scontrol is null)
        {
            return new SlurmOutcome(false, "scontrol not found on PATH: Slurm not present, nothing resumed");
        }

        var (info, error) = await ShowAsync(node, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return new SlurmOutcome(false, error!);
        }

        if (!info.IsDrained)
        {
            return new SlurmOutcome(false, $"node {node} is not drained (State={info.State}); nothing to resume");
        }

        if (!Owned(info))
        {
            return new SlurmOutcome(false, $"node {node} was drained by someone else (Reason={info.Reason}); not resumed");
        }

        return await UpdateAsync(node, ["State=RESUME"], $"resumed {node}", cancellationToken).ConfigureAwait(false);
    }

    private static bool Owned(SlurmNodeInfo info) => info.Reason?.StartsWith(ReasonPrefix, StringComparison.Ordinal) == true;

    private async Task<(SlurmNodeInfo? Info, string? Error)> ShowAsync(string node, CancellationToken ct)
    {
        var run = await RunAsync(["show", "node", node], ct).ConfigureAwait(false);
        return run.ExitCode == 0
            ? (SlurmNodeInfo.Parse(run.StandardOutput), null)
            : (null, $"scontrol show node {node} failed (exit {run.ExitCode}): {Diagnostic(run)}");
    }

    private async Task<SlurmOutcome> UpdateAsync(string node, string[] settings, string done, CancellationToken ct)
    {
        var run = await RunAsync(["update", $"NodeName={node}", .. settings], ct).ConfigureAwait(false);
        return run.ExitCode == 0
            ? new SlurmOutcome(true, done)
            : new SlurmOutcome(false, $"scontrol update NodeName={node} {string.Join(' ', settings)} failed (exit {run.ExitCode}): {Diagnostic(run)}");
    }

    // scontrol prints some errors (an unknown node, for one) on stdout and leaves stderr empty.
    private static string Diagnostic(CommandResult run) =>
        run.StandardError.Trim() is { Length: > 0 } error ? error : run.StandardOutput.Trim();

    private async Task<CommandResult> RunAsync(string[] args, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_timeout);
        try
        {
            return await CommandRunner.RunAsync([_scontrol!, .. args], cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new CommandResult(-1, string.Empty, $"timed out after {_timeout.TotalSeconds:0.#} s", Started: true);
        }
    }

    private static string? Resolve(string program, string path)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }
}
