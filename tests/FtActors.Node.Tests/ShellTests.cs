using System.Text.Json;
using FtActors.Admin;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>The operator shell's commands as separate <c>ftactors</c> processes against a running node's admin endpoint.</summary>
[Trait("Category", "MultiProcess")]
public sealed class ShellTests(ShellNodeFixture fixture) : IClassFixture<ShellNodeFixture>
{
    private string Url => fixture.Url;

    [Fact]
    public async Task Cluster_Json_ListsTheNodeUp()
    {
        var (exit, stdout, stderr) = await RunningNode.ShellAsync("cluster", "--node", Url, "--json");

        Assert.True(exit == 0, stderr);
        var view = JsonSerializer.Deserialize(stdout, AdminJsonContext.Default.ClusterView)!;
        Assert.Equal("cn-shell", view.Node);
        var self = Assert.Single(view.Members, m => m.IsSelf);
        Assert.Equal("Up", self.Status);
        Assert.Equal(self.Address, view.Singleton);
    }

    [Fact]
    public async Task Cluster_Redirected_PlainTabSeparatedTable()
    {
        var (exit, stdout, stderr) = await RunningNode.ShellAsync("cluster", "--node", Url);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("leader ", lines[0], StringComparison.Ordinal);
        Assert.Equal("address\tstatus\troles\treachable\tuid\tself", lines[1]);
        Assert.Contains(lines, l => l.Contains("\tUp\tcompute\tyes\t", StringComparison.Ordinal) && l.EndsWith("\t*", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Guests_ConfiguredGuest_ListedWithRamAndTimeToEvacuate()
    {
        var view = await Eventually.WaitForAsync(async () =>
        {
            var (_, stdout, _) = await RunningNode.ShellAsync("guests", "--node", Url, "--json");
            var v = JsonSerializer.Deserialize(stdout, AdminJsonContext.Default.GuestsView)!;
            return v.Guests.Any(g => g.Name == "g1") ? v : null;
        });

        var g1 = Assert.Single(view.Guests, g => g.Name == "g1");
        Assert.Equal(16L << 20, g1.RamBytes);
        Assert.Equal(0, g1.Coverage);
        Assert.Equal((16 << 20) / 125e6, g1.TimeToEvacuateSeconds, 6);
        Assert.Null(g1.Spare);
    }

    [Fact]
    public async Task Placements_NoSpareInCluster_GuestHasNone()
    {
        await Eventually.WaitForAsync(async () => (await RunningNode.ShellAsync("guests", "--node", Url)).Out.Contains("g1", StringComparison.Ordinal) ? "yes" : null);

        var (exit, stdout, stderr) = await RunningNode.ShellAsync("placements", "--node", Url, "--json");

        Assert.True(exit == 0, stderr);
        var p = Assert.Single(JsonSerializer.Deserialize(stdout, AdminJsonContext.Default.PlacementsView)!.Placements, x => x.Guest == "g1");
        Assert.Null(p.Spare);
        Assert.Equal("cn-shell", p.Node);
    }

    [Fact]
    public async Task MigrateGuest_NoSpare_QueuedThenAbortedWithTheReason()
    {
        await Eventually.WaitForAsync(async () => (await RunningNode.ShellAsync("guests", "--node", Url)).Out.Contains("g1", StringComparison.Ordinal) ? "yes" : null);

        var (exit, stdout, stderr) = await RunningNode.ShellAsync("migrate", "guest", "g1", "--node", Url, "--json");

        Assert.True(exit == 0, stderr);
        var id = JsonSerializer.Deserialize(stdout, AdminJsonContext.Default.ActionResult)!.Id;
        Assert.NotNull(id);
        var (mexit, mout, merr) = await RunningNode.ShellAsync("migrations", "--node", Url, "--json");
        Assert.True(mexit == 0, merr);
        var m = Assert.Single(JsonSerializer.Deserialize(mout, AdminJsonContext.Default.MigrationsView)!.Migrations, x => x.Id == id);
        Assert.Equal("aborted", m.Outcome);
        Assert.Equal("g1", m.Guest);
        Assert.Contains("no spare available", m.Reason, StringComparison.Ordinal);
        var (_, plain, _) = await RunningNode.ShellAsync("migrations", "--node", Url);
        Assert.Contains("[--------------------] 0%", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateGuest_UnknownGuest_Exit1WithTheNodesReason()
    {
        var (exit, stdout, _) = await RunningNode.ShellAsync("migrate", "guest", "nosuch", "--node", Url);

        Assert.Equal(1, exit);
        Assert.Contains("no guest named 'nosuch' on cn-shell", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_OtherNode_PublishedToTheCluster()
    {
        var (exit, stdout, stderr) = await RunningNode.ShellAsync("predict", "--node", "cn-other", "--in", "90s", "--confidence", "0.8", "--reason", "test", "--admin", Url);

        Assert.True(exit == 0, stderr);
        Assert.Contains("prediction for cn-other published to the cluster", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_BadDuration_Exit2SaysWhatWasExpected()
    {
        var (exit, _, stderr) = await RunningNode.ShellAsync("predict", "--node", "cn-other", "--in", "soon", "--admin", Url);

        Assert.Equal(2, exit);
        Assert.Contains("--in: expected a duration such as 90s or 2 minutes, found \"soon\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainThenUndrain_StandInScontrol_RecordsDrainAndRefusesResumeOfIdleNode()
    {
        var (exit, stdout, stderr) = await RunningNode.ShellAsync("drain", "cn-x", "--reason", "maintenance", "--node", Url);
        var (uexit, uout, _) = await RunningNode.ShellAsync("undrain", "cn-x", "--node", Url);

        Assert.True(exit == 0, stderr);
        Assert.Contains("drained cn-x: FtActors: maintenance", stdout, StringComparison.Ordinal);
        Assert.Contains("update NodeName=cn-x State=DRAIN Reason=FtActors: maintenance", await File.ReadAllLinesAsync(fixture.Node.ScontrolLog));
        Assert.Equal(1, uexit);
        Assert.Contains("node cn-x is not drained", uout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthShow_Json_InjectedCheckWithValue()
    {
        var view = await Eventually.WaitForAsync(async () =>
        {
            var (_, stdout, _) = await RunningNode.ShellAsync("health", "show", "--node", Url, "--json");
            var v = JsonSerializer.Deserialize(stdout, AdminJsonContext.Default.HealthView)!;
            return v.Checks.Any(c => c.Check == "inject/cpu-temp") ? v : null;
        });

        var c = Assert.Single(view.Checks, c => c.Check == "inject/cpu-temp");
        Assert.Equal("ok", c.State);
        Assert.Equal(50, c.Value);
    }

    [Fact]
    public async Task UpkeepPause_Plain_SaysPaused()
    {
        var (exit, stdout, stderr) = await RunningNode.ShellAsync("upkeep", "pause", "--node", Url);
        await RunningNode.ShellAsync("upkeep", "resume", "--node", Url);

        Assert.True(exit == 0, stderr);
        Assert.StartsWith("paused: upkeep paused", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_NothingListening_Exit2CannotReach()
    {
        var (exit, _, stderr) = await RunningNode.ShellAsync("cluster", "--node", "http://127.0.0.1:1");

        Assert.Equal(2, exit);
        Assert.Contains("cluster: cannot reach the node at http://127.0.0.1:1/api/v1/cluster", stderr, StringComparison.Ordinal);
    }
}
