using FtActors.Health.Slurm;
using Xunit;

namespace FtActors.Health.Tests;

/// <summary>
/// <see cref="SlurmDrain"/> against a real slurmctld (Slurm 22.05 from Debian) started by scripts/slurm-controller.sh;
/// every assertion reads the node back from the controller with <c>scontrol show node</c>. Skipped, with the
/// reason, where Slurm or root is missing.
/// </summary>
[Trait("Category", "Slurm")]
public sealed class SlurmControllerTests : IClassFixture<SlurmControllerFixture>
{
    private readonly SlurmControllerFixture _slurm;

    public SlurmControllerTests(SlurmControllerFixture slurm) => _slurm = slurm;

    private SlurmDrain Drain => new(_slurm.Scontrol, SlurmControllerFixture.Timeout);

    /// <summary>Drains <paramref name="node"/> the way an admin would: plain scontrol, a reason without our prefix.</summary>
    private async Task AdminDrainAsync(string node, string reason)
    {
        await _slurm.UndrainAsync(node);
        var admin = await _slurm.ScontrolAsync("update", $"NodeName={node}", "State=DRAIN", $"Reason={reason}");
        Assert.Equal(0, admin.ExitCode);
    }

    /// <summary>
    /// Asserts the controller shows <paramref name="node"/> drained with exactly <paramref name="reason"/>, to which
    /// Slurm appends who set it and when (" [root@2026-11-22T13:52:45]"). Returns the raw show output.
    /// </summary>
    private async Task<string> AssertDrainedWithAsync(string node, string reason)
    {
        var (state, shown, raw) = await _slurm.ShowAsync(node);
        Assert.Contains("DRAIN", state, StringComparison.Ordinal);
        Assert.StartsWith($"{reason} [root@", shown, StringComparison.Ordinal);
        return raw;
    }

    [SlurmFact]
    public async Task DrainAsync_IdleNode_ControllerShowsDrainWithFtActorsReason()
    {
        await _slurm.UndrainAsync("cn1");

        var outcome = await Drain.DrainAsync("cn1", "fan FAN2 failing", CancellationToken.None);

        Assert.True(outcome.Changed, outcome.Reason);
        var raw = await AssertDrainedWithAsync("cn1", "FtActors: fan FAN2 failing");
        Assert.Contains("Reason=FtActors: fan FAN2 failing [root@", raw, StringComparison.Ordinal);
    }

    [SlurmFact]
    public async Task DrainAsync_DrainedByAdmin_LeftAloneAndAdminReasonKept()
    {
        await AdminDrainAsync("cn2", "bad DIMM, ticket 4711");

        var outcome = await Drain.DrainAsync("cn2", "fan FAN2 failing", CancellationToken.None);

        Assert.False(outcome.Changed);
        Assert.Contains("already drained by someone else", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("bad DIMM, ticket 4711", outcome.Reason, StringComparison.Ordinal);
        await AssertDrainedWithAsync("cn2", "bad DIMM, ticket 4711");
    }

    [SlurmFact]
    public async Task ResumeAsync_DrainedByAdmin_NotResumed()
    {
        await AdminDrainAsync("cn2", "firmware update");

        var outcome = await Drain.ResumeAsync("cn2", CancellationToken.None);

        Assert.False(outcome.Changed);
        Assert.Contains("drained by someone else", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("not resumed", outcome.Reason, StringComparison.Ordinal);
        await AssertDrainedWithAsync("cn2", "firmware update");
    }

    [SlurmFact]
    public async Task ResumeAsync_OwnDrain_NodeIdleWithoutReason()
    {
        await _slurm.UndrainAsync("cn1");
        Assert.True((await Drain.DrainAsync("cn1", "DIMM B2 corrected errors rising", CancellationToken.None)).Changed);

        var outcome = await Drain.ResumeAsync("cn1", CancellationToken.None);

        Assert.True(outcome.Changed, outcome.Reason);
        var (state, reason, _) = await _slurm.ShowAsync("cn1");
        // Right after a resume slurmctld shows IDLE+NOT_RESPONDING until its next ping reaches slurmd.
        Assert.StartsWith("IDLE", state, StringComparison.Ordinal);
        Assert.DoesNotContain("DRAIN", state, StringComparison.Ordinal);
        Assert.Null(reason);
    }

    [SlurmFact]
    public async Task ResumeAsync_NodeNotDrained_NothingChanged()
    {
        await _slurm.UndrainAsync("cn1");

        var outcome = await Drain.ResumeAsync("cn1", CancellationToken.None);

        Assert.False(outcome.Changed);
        Assert.Contains("is not drained", outcome.Reason, StringComparison.Ordinal);
        var (state, _, _) = await _slurm.ShowAsync("cn1");
        Assert.DoesNotContain("DRAIN", state, StringComparison.Ordinal);
    }

    [SlurmFact]
    public async Task DrainAsync_OwnDrainAgain_ReasonReplaced()
    {
        await _slurm.UndrainAsync("cn1");
        Assert.True((await Drain.DrainAsync("cn1", "first prediction", CancellationToken.None)).Changed);

        var outcome = await Drain.DrainAsync("cn1", "second prediction", CancellationToken.None);

        Assert.True(outcome.Changed, outcome.Reason);
        await AssertDrainedWithAsync("cn1", "FtActors: second prediction");
    }

    [SlurmFact]
    public async Task DrainAsync_ReasonWithQuotesAndNewlines_SurvivesOnOneLine()
    {
        await _slurm.UndrainAsync("cn1");

        var outcome = await Drain.DrainAsync("cn1", "fan \"FAN2\" at 0 RPM, it's\nfailing\r\nnow; $(true) `x`", CancellationToken.None);

        Assert.True(outcome.Changed, outcome.Reason);
        // Newlines are flattened to spaces by SlurmDrain; quotes and shell characters reach Slurm untouched (no shell).
        var raw = await AssertDrainedWithAsync("cn1", "FtActors: fan \"FAN2\" at 0 RPM, it's failing  now; $(true) `x`");
        var parsed = SlurmNodeInfo.Parse(raw);
        Assert.True(parsed.IsDrained);
        Assert.StartsWith("FtActors: fan \"FAN2\"", parsed.Reason, StringComparison.Ordinal);
        Assert.EndsWith("]", parsed.Reason, StringComparison.Ordinal);

        // The node still counts as ours: a resume undoes it.
        Assert.True((await Drain.ResumeAsync("cn1", CancellationToken.None)).Changed);
    }

    [SlurmFact]
    public async Task DrainAsync_UnknownNode_ReportsControllerError()
    {
        var outcome = await Drain.DrainAsync("cn9", "x", CancellationToken.None);

        Assert.False(outcome.Changed);
        // scontrol prints "Node cn9 not found" on stdout with stderr empty; the reason must still carry it.
        Assert.StartsWith("scontrol show node cn9 failed (exit 1): ", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("cn9 not found", outcome.Reason, StringComparison.Ordinal);
    }
}
