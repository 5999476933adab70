using FtActors.Lab;
using FtActors.Lab.Topologies;
using Xunit;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// One lab topology for a test class: four namespaces on a bridge with 1 Gbit/s tbf links, a PostgreSQL server
/// inside node 1 listening on its lab address, and nodes 2 to 4 for <c>ftactors node</c> processes. Each test takes
/// its own database and cluster id on the shared server, so tests do not see each other. The name is random
/// ("mn" + 6 hex digits), so parallel runs never collide; the server and the namespaces are removed on dispose,
/// pass or fail. Nothing is created when <see cref="NamespaceFactAttribute"/> would skip.
/// </summary>
public sealed class LabClusterFixture : IAsyncLifetime
{
    /// <summary>The topology node running PostgreSQL; cluster nodes are the others.</summary>
    public const int ServerNode = 1;

    private static readonly TimeSpan IpTimeout = TimeSpan.FromSeconds(30);
    private int _nextPort = 25520;

    /// <summary>The topology (null when skipped).</summary>
    public Topology? Topology { get; private set; }

    /// <summary>The server (null when skipped).</summary>
    public PostgreSqlTestServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingReason() is not null)
        {
            return;
        }

        Topology = await Topology.CreateAsync("mn" + Guid.NewGuid().ToString("N")[..6], 4, LinkRate.Parse("1gbit"));
        var server = Topology.Node(ServerNode);
        Server = await PostgreSqlTestServer.StartAsync(server.Namespace, server.Address);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
        }
        finally
        {
            if (Topology is not null)
            {
                await Topology.DisposeAsync();
            }
        }
    }

    /// <summary>A port no earlier test of this fixture used (every namespace is fresh, so all ports are free).</summary>
    public int NextPort() => Interlocked.Increment(ref _nextPort);

    /// <summary>The command prefix that runs a program inside node <paramref name="index"/>'s namespace.</summary>
    public IReadOnlyList<string> InNamespace(int index) => ["ip", "netns", "exec", Topology!.Node(index).Namespace];

    /// <summary>
    /// Adds (or removes) blackhole routes in node <paramref name="index"/>'s namespace to each of <paramref name="peers"/>:
    /// it then reaches the database node but none of those peers, and their packets to it get no answer.
    /// </summary>
    public async Task SetBlackholeAsync(int index, IEnumerable<int> peers, bool on)
    {
        foreach (var peer in peers)
        {
            var args = new[] { "-n", Topology!.Node(index).Namespace, "route", on ? "add" : "del", "blackhole", Topology.Node(peer).Address + "/32" };
            await ProcessRunner.RunCheckedAsync("ip", args, IpTimeout);
        }
    }

    /// <summary>Sets node <paramref name="index"/>'s only link down (cut) or up (heal), inside its namespace.</summary>
    public Task SetLinkAsync(int index, bool up) =>
        ProcessRunner.RunCheckedAsync("ip", ["-n", Topology!.Node(index).Namespace, "link", "set", "eth0", up ? "up" : "down"], IpTimeout);
}
