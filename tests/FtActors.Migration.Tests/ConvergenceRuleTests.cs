using FtActors.Migration.Session;

namespace FtActors.Migration.Tests;

public sealed class ConvergenceRuleTests
{
    private static readonly MigrationOptions s_options = new()
    {
        Guest = "g", QmpSocket = "q", RamFile = "r", Host = "h", Port = 1, MaxRounds = 5, DowntimeTarget = TimeSpan.FromMilliseconds(300),
    };

    [Fact]
    public void StopReason_AfterRoundZero_ContinuesLive() =>
        Assert.Null(ConvergenceRule.StopReason(0, 60000, null, 100e6, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), s_options));

    [Fact]
    public void StopReason_SmallChangedSet_StopsForDowntimeTarget() =>
        Assert.Contains("within the 300 ms target", ConvergenceRule.StopReason(1, 1000, 60000, 100e6, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), s_options), StringComparison.Ordinal);

    [Fact]
    public void StopReason_ChangedSetNotShrinking_Stops() =>
        Assert.Contains("stopped shrinking", ConvergenceRule.StopReason(2, 100000, 100000, 100e6, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(9), s_options), StringComparison.Ordinal);

    [Fact]
    public void StopReason_MaxRounds_Stops() =>
        Assert.Contains("maximum of 5", ConvergenceRule.StopReason(5, 90000, 100000, 100e6, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(9), s_options), StringComparison.Ordinal);

    [Fact]
    public void StopReason_DeadlineNear_StopsAtOnceEvenAfterRoundZero() =>
        Assert.Contains("deadline", ConvergenceRule.StopReason(0, 60000, null, 100e6, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), s_options with { Deadline = TimeSpan.FromSeconds(8) }), StringComparison.Ordinal);
}
