using System.Text.Json;
using FtActors.Admin;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>
/// Past migrations are journaled per node: a node process killed and started again on the same journal still lists
/// them, with their outcome and reason. (The migration aborts at once for want of a spare, so no guest is needed.)
/// </summary>
public sealed class MigrationHistoryTests
{
    [Fact]
    public async Task PastMigration_NodeKilledAndRestarted_StillListed()
    {
        using var scratch = new NodeScratch("ftactors-history-");
        // Each run forms its own one-node cluster (new actor system name); the journal file is shared.
        string[] sets = [.. scratch.StaticGuest("g1"), "ftactors.persistence.journal.connection-string=Data Source=" + scratch.Path("journal.db")];
        Guid id;
        await using (var first = await RunningNode.StartAsync("cn-history", sets))
        {
            var url = first.Admin.ToString();
            await Eventually.WaitForAsync(async () => (await RunningNode.ShellAsync("guests", "--node", url)).Out.Contains("g1", StringComparison.Ordinal) ? "yes" : null);
            var (exit, stdout, stderr) = await RunningNode.ShellAsync("migrate", "guest", "g1", "--node", url, "--json");
            Assert.True(exit == 0, stderr);
            id = JsonSerializer.Deserialize(stdout, AdminJsonContext.Default.ActionResult)!.Id!.Value;
            await first.WaitForLineAsync($"Migration {id} of g1 (aborted) recorded in the journal");
        }

        await using var second = await RunningNode.StartAsync("cn-history", sets);
        await second.WaitForLineAsync("1 past migration(s) recovered from journal stream node-migrations/cn-history");
        var (mexit, mout, merr) = await RunningNode.ShellAsync("migrations", "--node", second.Admin.ToString(), "--json");

        Assert.True(mexit == 0, merr);
        var m = Assert.Single(JsonSerializer.Deserialize(mout, AdminJsonContext.Default.MigrationsView)!.Migrations);
        Assert.Equal(id, m.Id);
        Assert.Equal("g1", m.Guest);
        Assert.Equal("aborted", m.Outcome);
        Assert.Contains("no spare available", m.Reason, StringComparison.Ordinal);
        Assert.NotNull(m.FinishedUtc);
    }
}
