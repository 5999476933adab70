using FtActors.Admin;
using FtActors.TestKit;
using Xunit;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// Real <c>ftactors node</c> processes on loopback forming one Akka.NET cluster through seed nodes, with one SQLite
/// journal file they share (WAL; the placement coordinator singleton's state must outlive the node it ran on).
/// Membership is read the way an operator reads it, through a node's admin endpoint (<c>ftactors cluster</c>).
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class AkkaClusterProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ftactors-akka-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _cluster = "mp-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int _seedPort = LoopbackPorts.Free();

    public AkkaClusterProcessTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task Join_ThreeNodesThroughTheSeed_AllUpSameLeaderSingletonOnTheOldest()
    {
        await using var a = await StartAsync("a", _seedPort, "compute");
        await using var b = await StartAsync("b", LoopbackPorts.Free(), "spare");
        await using var c = await StartAsync("c", LoopbackPorts.Free(), "compute");

        var views = new List<ClusterView>();
        foreach (var node in new[] { a, b, c })
        {
            views.Add(await WaitForViewAsync(node, v => v.Members.Length == 3 && v.Members.All(m => m.Status == "Up" && m.Reachable)));
        }

        Assert.All(views, v => Assert.Equal(views[0].Leader, v.Leader));
        Assert.All(views, v => Assert.Equal($"127.0.0.1:{_seedPort}", v.Singleton));
        Assert.Equal("spare", Assert.Single(views[0].Members.Single(m => m.Address == b.Address).Roles));
        Assert.Single(views[1].Members, m => m.IsSelf);
    }

    [Fact]
    public async Task KillNine_SingletonsNode_UnreachableDownedRemovedAndTheSingletonMovesWithItsJournal()
    {
        var a = await StartAsync("a", _seedPort, "compute");
        await using var b = await StartAsync("b", LoopbackPorts.Free(), "spare");
        await using var c = await StartAsync("c", LoopbackPorts.Free(), "compute");
        await WaitForViewAsync(c, v => v.Members.Length == 3 && v.Members.All(m => m.Status == "Up"));
        await a.WaitForLineAsync("Placement coordinator running on");

        a.Kill();
        await a.DisposeAsync();

        // The failure detector marks it unreachable, the split brain resolver (keep-majority, 2 of 3) downs it,
        // the leader removes it, and the singleton starts on the next oldest member, b.
        await WaitForViewAsync(c, v => v.Members.Any(m => m.Address == a.Address && !m.Reachable), TimeSpan.FromSeconds(30));
        var after = await WaitForViewAsync(c, v => v.Members.Length == 2 && v.Members.All(m => m.Status == "Up" && m.Reachable), TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(after.Members, m => m.Address == a.Address);
        Assert.Equal(b.Address, after.Singleton);
        // The new instance recovered the first one's activation from the shared journal.
        var line = await b.WaitForLineAsync("Placement coordinator running on " + b.Address, TimeSpan.FromSeconds(60));
        Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigTerm_Member_LeavesGracefullyAndExitsZero()
    {
        await using var a = await StartAsync("a", _seedPort, "compute");
        var b = await StartAsync("b", LoopbackPorts.Free(), "spare");
        await WaitForViewAsync(a, v => v.Members.Length == 2 && v.Members.All(m => m.Status == "Up"));

        var exit = await b.TerminateAsync();

        Assert.Equal(0, exit);
        await WaitForViewAsync(a, v => v.Members.Length == 1 && v.Members[0].IsSelf, TimeSpan.FromSeconds(30));
        await b.DisposeAsync();
    }

    public void Dispose()
    {
        TestCleanup.DeleteDirectory(_directory);
    }

    private async Task<NodeProcess> StartAsync(string name, int port, string role)
    {
        var node = await NodeProcess.StartAsync(name,
        [
            "ftactors.cluster.id=" + _cluster,
            "ftactors.cluster.roles.0=" + role,
            "ftactors.cluster.seed-nodes=127.0.0.1:" + _seedPort,
            "ftactors.remoting.host=127.0.0.1",
            "ftactors.remoting.port=" + port,
            "ftactors.persistence.journal.provider=sqlite",
            "ftactors.persistence.journal.connection-string=Data Source=" + Path.Combine(_directory, "journal.db"),
            "ftactors.metrics.port=0",
            "ftactors.node.name=" + name,
            "ftactors.node.slurm-drain=off",
            "ftactors.node.receiver.port=" + LoopbackPorts.Free(),
            "ftactors.predeploy.enabled=off",
            "ftactors.health.sources.hwmon.enabled=false",
            "ftactors.health.sources.edac.enabled=false",
        ]);
        await node.WaitForLineAsync("ftactors-node admin url=");
        return node;
    }

    private static async Task<ClusterView> WaitForViewAsync(NodeProcess node, Func<ClusterView, bool> done, TimeSpan? timeout = null)
    {
        var line = await node.WaitForLineAsync("ftactors-node admin url=");
        using var client = new AdminClient(new Uri(line[(line.IndexOf("url=", StringComparison.Ordinal) + 4)..].Trim()));
        var deadline = DateTime.UtcNow + TestKitSettings.Dilated(timeout ?? TimeSpan.FromSeconds(60));
        ClusterView? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await client.GetClusterAsync(CancellationToken.None);
                if (done(last))
                {
                    return last;
                }
            }
            catch (AdminClientException)
            {
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{node.Name}: the cluster view did not reach the expected state; last: {(last is null ? "none" : string.Join(", ", last.Members.Select(m => $"{m.Address} {m.Status} reachable={m.Reachable}")))}\n{node.Output()}");
    }
}
