using System.Text.Json;
using FtActors.Admin;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>
/// The placement coordinator's announcements reach the node that runs the guest over the cluster's pub/sub: three
/// real node processes in one Akka.NET cluster (the seed forms it), started in this order so the coordinator singleton runs on the
/// first (a compute node without guests), the guest on the second (a compute node with a static guest and no
/// spare yet, so the coordinator places it nowhere), and the third is a spare whose arrival makes the
/// coordinator reassign.
/// </summary>
public sealed class PlacementAnnouncementTests
{
    [Fact]
    public async Task SpareJoins_CoordinatorOnAnotherNode_ComputeNodeHearsTheAnnouncementAndFeedsTheSpare()
    {
        using var scratch = new NodeScratch("ftactors-announce-");
        var cluster = "announce-" + Guid.NewGuid().ToString("N")[..8];
        // Free ports, not the defaults: other tests may run spares beside this one. The feed port is cluster-wide.
        var (feedPort, receiverPort, seedPort) = (FreePort(), FreePort(), FreePort());
        string[] Member(string name, string role) =>
        [
            "ftactors.predeploy.feed-listen=127.0.0.1:" + feedPort,
            "ftactors.node.receiver.port=" + receiverPort,
            "ftactors.cluster.id=" + cluster,
            "ftactors.cluster.roles.0=" + role,
            "ftactors.cluster.seed-nodes=127.0.0.1:" + seedPort,
            "ftactors.persistence.journal.connection-string=Data Source=" + scratch.Path("journal-" + name + ".db"),
        ];

        await using var seed = await RunningNode.StartAsync("seed", [.. Member("seed", "compute"), "ftactors.remoting.port=" + seedPort]);
        await seed.WaitForLineAsync("Placement coordinator running on");
        await using var compute = await RunningNode.StartAsync("compute", [.. Member("compute", "compute"), .. scratch.StaticGuest("g1")]);
        // Registered and placed nowhere: no member has the spare role yet.
        await Eventually.WaitForAsync(async () => (await RunningNode.ShellAsync("guests", "--node", compute.Admin.ToString())).Out.Contains("g1", StringComparison.Ordinal) ? "yes" : null);

        await using var spare = await RunningNode.StartAsync("spare", [.. Member("spare", "spare"), "ftactors.predeploy.store-path=" + scratch.Path("store")]);

        // The coordinator runs on the seed, so the line on the compute node can only come from the pub/sub topic.
        var line = await compute.WaitForLineAsync("Placement of g1 announced: none -> ");
        Assert.Contains("spare joined", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Placement coordinator running on", compute.Output(), StringComparison.Ordinal);
        await compute.WaitForLineAsync("Upkeep of g1: the coordinator assigned spare");
        var placement = await Eventually.WaitForAsync(async () =>
        {
            var (_, stdout, _) = await RunningNode.ShellAsync("placements", "--node", compute.Admin.ToString(), "--json");
            var view = stdout.StartsWith('{') ? JsonSerializer.Deserialize(stdout, AdminJsonContext.Default.PlacementsView) : null;
            return view?.Placements.FirstOrDefault(p => p.Guest == "g1" && p.Source == "coordinator");
        });
        Assert.NotNull(placement.Spare);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
