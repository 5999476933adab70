using FtActors.Lab.Topologies;

namespace FtActors.Lab.Tests;

/// <summary>Namespaces, links, addresses and shaping as the kernel reports them, and teardown that leaves nothing.</summary>
[Trait("Category", "Lab")]
public sealed class TopologyTests
{
    [SkippableLabFact]
    public async Task CreateAsync_ThreeNodesAt1Gbit_BridgedShapedAndReachable()
    {
        var name = LabTestSupport.UniqueName("t", 5);
        await using (var topo = await Topology.CreateAsync(name, 3, LinkRate.Parse("1gbit")))
        {
            Assert.Equal(["ftlab-" + name + "-1", "ftlab-" + name + "-2", "ftlab-" + name + "-3"], topo.Nodes.Select(n => n.Namespace));
            Assert.Equal("ftlab-" + name + "-br", topo.State.BridgeNamespace);
            var subnet = topo.State.Subnet[..^"0/24".Length];
            Assert.StartsWith("10.77.", subnet, StringComparison.Ordinal);
            Assert.Equal([subnet + "1", subnet + "2", subnet + "3"], topo.Nodes.Select(n => n.Address));

            var addr = await LabTestSupport.RunAsync("ip", "-n", topo.Node(2).Namespace, "-4", "addr", "show", "dev", "eth0");
            Assert.Contains("inet " + topo.Node(2).Address + "/24", addr, StringComparison.Ordinal);
            var lo = await LabTestSupport.RunAsync("ip", "-n", topo.Node(1).Namespace, "link", "show", "lo");
            Assert.Contains("UP", lo, StringComparison.Ordinal);
            var qdisc = await LabTestSupport.RunAsync("ip", "netns", "exec", topo.Node(3).Namespace, "tc", "qdisc", "show", "dev", "eth0");
            Assert.Contains("tbf", qdisc, StringComparison.Ordinal);
            Assert.Contains("rate 1Gbit", qdisc, StringComparison.Ordinal);
            var port = await LabTestSupport.RunAsync("ip", "netns", "exec", topo.State.BridgeNamespace!, "tc", "qdisc", "show", "dev", "p1");
            Assert.Contains("rate 1Gbit", port, StringComparison.Ordinal);

            var ping = await topo.RunAsync(1, "/bin/busybox", ["ping", "-c", "1", "-W", "5", topo.Node(3).Address], TestTime.Scale(TimeSpan.FromSeconds(30)));
            Assert.True(ping.Succeeded, ping.StandardOutput + ping.StandardError);
            Assert.Contains("1 packets received", ping.StandardOutput, StringComparison.Ordinal);

            var (listed, _) = await Topology.ListAsync();
            Assert.Contains(listed, s => s.Name == name && s.Rate == "1gbit");
        }

        var left = await Topology.ListNamespacesAsync();
        Assert.DoesNotContain(left, n => n.StartsWith("ftlab-" + name + "-", StringComparison.Ordinal));
        Assert.DoesNotContain((await Topology.ListAsync()).Topologies, s => s.Name == name);
    }

    [SkippableLabFact]
    public async Task CreateAsync_TwoNodesUnlimited_VethPairWithoutShaping()
    {
        var name = LabTestSupport.UniqueName("t", 5);
        await using var topo = await Topology.CreateAsync(name, 2, LinkRate.Unlimited);
        Assert.Null(topo.State.BridgeNamespace);
        var qdisc = await LabTestSupport.RunAsync("ip", "netns", "exec", topo.Node(1).Namespace, "tc", "qdisc", "show", "dev", "eth0");
        Assert.DoesNotContain("tbf", qdisc, StringComparison.Ordinal);
        var link = await LabTestSupport.RunAsync("ip", "-n", topo.Node(1).Namespace, "-d", "link", "show", "eth0");
        Assert.Contains("veth", link, StringComparison.Ordinal);
    }

    [SkippableLabFact]
    public async Task RemoveAsync_ProcessLeftInsideNamespace_IsEndedAndNamespaceDeleted()
    {
        var name = LabTestSupport.UniqueName("t", 5);
        var topo = await Topology.CreateAsync(name, 2, LinkRate.Parse("100mbit"));
        // A stray process inside the node, as a crashed test would leave.
        var psi = new System.Diagnostics.ProcessStartInfo("ip", ["netns", "exec", topo.Node(1).Namespace, "sleep", "600"]);
        using var sleeper = System.Diagnostics.Process.Start(psi)!;
        var pidText = "";
        for (var i = 0; i < 100 && pidText.Length == 0; i++)
        {
            pidText = (await LabTestSupport.RunAsync("ip", "netns", "pids", topo.Node(1).Namespace)).Trim();
            await Task.Delay(50);
        }

        Assert.NotEmpty(pidText);
        var removed = await Topology.RemoveAsync(name);
        Assert.Equal(2, removed.Count);
        Assert.True(sleeper.WaitForExit(TestTime.Scale(TimeSpan.FromSeconds(20))));
        Assert.DoesNotContain(await Topology.ListNamespacesAsync(), n => n.Contains(name, StringComparison.Ordinal));
        await topo.DisposeAsync();
    }
}
