using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Health.Sources;
using Xunit;

namespace FtActors.Health.Tests;

public class CommandSourceTests
{
    [Fact]
    public async Task Poll_NhcFails_FailingWithNhcMessage()
    {
        using var dir = new TempDir();
        var nhc = dir.Script("nhc", $"cat '{Recorded.PathOf("nhc-failed.txt")}'\nexit 1");

        var r = Assert.Single(await new CommandSource("nhc", [nhc], TimeSpan.FromSeconds(30)).PollAsync(CancellationToken.None));

        Assert.Equal(HealthState.Failing, r.State);
        Assert.Equal("exit status 1: check_hw_mcelog: 1 uncorrected memory error in the last 24 hours.", r.Reason);
    }

    [Fact]
    public async Task Poll_ExitZero_Ok()
    {
        using var dir = new TempDir();
        var ok = dir.Script("ok", "echo fine");

        var r = Assert.Single(await new CommandSource("site", [ok], TimeSpan.FromSeconds(30)).PollAsync(CancellationToken.None));

        Assert.Equal((HealthState.Ok, "command/site"), (r.State, r.Check));
    }

    [Fact]
    public async Task Poll_NotFound_Unknown()
    {
        var r = Assert.Single(await new CommandSource("x", ["/nonexistent/nhc"], TimeSpan.FromSeconds(30)).PollAsync(CancellationToken.None));

        Assert.Equal(HealthState.Unknown, r.State);
    }

    [Fact]
    public async Task PollAsync_HungCommand_UnknownNamingTheTimeout()
    {
        using var dir = new TempDir();
        var hung = dir.Script("hung", "sleep 30");

        var r = Assert.Single(await HealthSources.PollAsync(new CommandSource("hung", [hung], TimeSpan.FromMilliseconds(300)), CancellationToken.None));

        Assert.Equal(HealthState.Unknown, r.State);
        Assert.Contains("timed out", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_SourceThrows_Unknown()
    {
        var r = Assert.Single(await HealthSources.PollAsync(new ThrowingSource(), CancellationToken.None));

        Assert.Equal((HealthState.Unknown, "source boom failed: InvalidOperationException: bad"), (r.State, r.Reason));
    }

    [Fact]
    public void FindNhcFailure_RandomText_OnlyWithTheMarker()
    {
        Prop.ForAll(Mutations.RandomText(), text =>
        {
            var found = NhcOutputParser.FindNhcFailure(text);
            return found is null || text.Contains("nhc:", StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void FindNhcFailure_MutatedLine_NeverThrows()
    {
        Prop.ForAll(Mutations.Of(Recorded.Read("nhc-failed.txt")), text =>
        {
            var found = NhcOutputParser.FindNhcFailure(text);
            return found is null || found.Length > 0;
        }).QuickCheckThrowOnFailure();
    }

    private sealed class ThrowingSource : IHealthSource
    {
        public string Name => "boom";

        public TimeSpan Timeout => TimeSpan.FromSeconds(5);

        public Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("bad");
    }
}
