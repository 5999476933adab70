using System.Diagnostics;
using System.Globalization;
using FtActors.Persistence.Membership;
using FtActors.Persistence.PostgreSql;
using FtActors.Persistence.Sql;
using FtActors.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// Real <c>ftactors node</c> processes, each in its own network namespace of a lab topology (bridge, 1 Gbit/s tbf
/// links), sharing a real PostgreSQL server that runs in a fourth namespace (<see cref="LabClusterFixture"/>).
/// Nodes reach each other and the database only over the lab links, so cutting a namespace's link is a real
/// partition. Detector settings are short (500 ms heartbeats, a 2 s acceptable pause scaled by
/// FTACTORS_TEST_TIMEFACTOR) to keep the suite quick; the test process reads the table through the server's
/// Unix socket. Every node process is killed in DisposeAsync and every cut link healed, pass or fail.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class NamespacePostgreSqlClusterTests(LabClusterFixture lab, ITestOutputHelper output)
    : IClassFixture<LabClusterFixture>, IAsyncLifetime
{
    private readonly List<NodeProcess> _nodes = [];
    private readonly string _clusterId = "ns" + Guid.NewGuid().ToString("N")[..8];
    private string _connectionString = string.Empty;
    private PostgreSqlQueryExecutor? _executor;
    private TableWatch _table = null!;

    public async Task InitializeAsync()
    {
        if (lab.Server is null)
        {
            return;
        }

        // One database per test: the node's placement coordinator journals under a fixed persistence id.
        var (tcp, socket) = await lab.Server.CreateDatabaseAsync(_clusterId);
        _connectionString = tcp;
        _executor = PostgreSqlTestServer.Executor(socket);
        await new SchemaMigrator(_executor).MigrateAsync(CancellationToken.None);
        _table = new TableWatch(new SqlMembershipTable(_executor, _clusterId), _nodes);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_executor is not null)
        {
            await _executor.DisposeAsync();
        }
    }

    [NamespaceFact]
    public async Task Kill_OldestOfThree_SurvivorsAgreeItIsDeadAndSingletonMovesWithItsState()
    {
        var (a, b, c) = await StartThreeAsync(lab.NextPort());

        var killed = Stopwatch.StartNew();
        a.Kill();

        var row = await _table.WaitForRowAsync(a.Member, r => r.Status == MemberStatus.Dead, "a's row to be Dead");
        output.WriteLine($"a's row read Dead {killed.ElapsedMilliseconds} ms after SIGKILL (load {File.ReadAllText("/proc/loadavg").Trim()})");
        Assert.Equal(
            new[] { b.Member, c.Member }.OrderBy(m => m.Host, StringComparer.Ordinal),
            row.SuspectTimes.Select(v => v.Suspecter).OrderBy(m => m.Host, StringComparer.Ordinal));
        await b.WaitForLineAsync("down " + a.Member);
        await c.WaitForLineAsync("down " + a.Member);
        var line = await b.WaitForLineAsync("Placement coordinator running on");
        Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
        Assert.DoesNotContain(c.Lines, l => l.Contains("Placement coordinator running on", StringComparison.Ordinal));
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(b.Member))!.Status);
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(c.Member))!.Status);
    }

    [NamespaceFact]
    public async Task CutLink_OldestOfThree_MajorityDeclaresItDeadAndOnHealItExitsAndRejoinsAsNewIncarnation()
    {
        var port = lab.NextPort();
        var (a, b, c) = await StartThreeAsync(port);

        await lab.SetLinkAsync(2, up: false);
        try
        {
            // The majority side still has the database: it votes a Dead and takes over the singleton.
            var row = await _table.WaitForRowAsync(a.Member, r => r.Status == MemberStatus.Dead, "a's row to be Dead");
            Assert.Equal(
                new[] { b.Member, c.Member }.OrderBy(m => m.Host, StringComparer.Ordinal),
                row.SuspectTimes.Select(v => v.Suspecter).OrderBy(m => m.Host, StringComparer.Ordinal));
            var line = await b.WaitForLineAsync("Placement coordinator running on");
            Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
            Assert.False(a.HasExited, "a cannot read its verdict while cut off, so it must still run:\n" + a.Output());
        }
        finally
        {
            await lab.SetLinkAsync(2, up: true);
        }

        // Healed: a reads its own Dead row and exits with the "declared dead" code instead of coming back.
        var exit = await a.WaitForExitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(120)));
        Assert.True(exit == 3, $"expected exit code 3 (declared dead), found {exit}\n{a.Output()}");
        Assert.Contains(a.Lines, l => l.Contains("found itself declared dead", StringComparison.Ordinal));

        // Restarted on the same address it is a new member; the old incarnation stays Dead, the others stay up.
        var a2 = await StartAsync("a2", 2, port);
        Assert.True(a2.Incarnation > a.Incarnation);
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(a2.Member))!.Status);
        Assert.Equal(MemberStatus.Dead, (await _table.RowAsync(a.Member))!.Status);
        await b.WaitForLineAsync("up " + a2.Member);
        await c.WaitForLineAsync("up " + a2.Member);
        Assert.False(b.HasExited, b.Output());
        Assert.False(c.HasExited, c.Output());
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(b.Member))!.Status);
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(c.Member))!.Status);
    }

    [NamespaceFact]
    public async Task Partition_OldestCutFromPeersButNotFromDatabase_PeersOutvoteItAndItExits()
    {
        var (a, b, c) = await StartThreeAsync(lab.NextPort());

        await lab.SetBlackholeAsync(2, [3, 4], on: true);
        try
        {
            // Both sides suspect and vote, but a's single vote against b or c is short of the two needed, while b's
            // and c's votes against a make two: a is Dead, and since it still reads the table it removes itself
            // without any heal.
            var row = await _table.WaitForRowAsync(a.Member, r => r.Status == MemberStatus.Dead, "a's row to be Dead");
            Assert.Equal(
                new[] { b.Member, c.Member }.OrderBy(m => m.Host, StringComparer.Ordinal),
                row.SuspectTimes.Select(v => v.Suspecter).OrderBy(m => m.Host, StringComparer.Ordinal));
            var exit = await a.WaitForExitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(120)));
            Assert.True(exit == 3, $"expected exit code 3 (declared dead), found {exit}\n{a.Output()}");
            var line = await b.WaitForLineAsync("Placement coordinator running on");
            Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
            Assert.Equal(MemberStatus.Active, (await _table.RowAsync(b.Member))!.Status);
            Assert.Equal(MemberStatus.Active, (await _table.RowAsync(c.Member))!.Status);
            Assert.False(b.HasExited, b.Output());
            Assert.False(c.HasExited, c.Output());
        }
        finally
        {
            await lab.SetBlackholeAsync(2, [3, 4], on: false);
        }
    }

    [NamespaceFact]
    public async Task Terminate_OldestOfThree_LeavesGracefullyAndSingletonMovesWithItsState()
    {
        var (a, b, c) = await StartThreeAsync(lab.NextPort());

        var exit = await a.TerminateAsync();

        Assert.True(exit == 0, $"exit code {exit}\n{a.Output()}");
        Assert.Equal(MemberStatus.Left, (await _table.RowAsync(a.Member))!.Status);
        await b.WaitForLineAsync("left " + a.Member);
        await c.WaitForLineAsync("left " + a.Member);
        var line = await b.WaitForLineAsync("Placement coordinator running on");
        Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(b.Member))!.Status);
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(c.Member))!.Status);
    }

    [NamespaceFact]
    public async Task Restart_KilledNode_PersistentActorRecoversItsStateAsNewIncarnation()
    {
        var port = lab.NextPort();
        var first = await StartAsync("first", 3, port);
        await first.WaitForLineAsync("activation 1 (recovered 0 earlier)");

        first.Kill();
        var second = await StartAsync("second", 3, port);

        var line = await second.WaitForLineAsync("Placement coordinator running on");
        Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
        Assert.True(second.Incarnation > first.Incarnation);
        Assert.Equal(MemberStatus.Dead, (await _table.RowAsync(first.Member))!.Status);
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(second.Member))!.Status);
    }

    /// <summary>
    /// Starts a (topology node 2, on <paramref name="port"/>) until it runs the singleton, so it is the oldest, then b
    /// (node 3) and c (node 4), and waits until all three rows are Active and b and c have read each other as up.
    /// </summary>
    private async Task<(NodeProcess A, NodeProcess B, NodeProcess C)> StartThreeAsync(int port)
    {
        var a = await StartAsync("a", 2, port);
        await a.WaitForLineAsync("activation 1 (recovered 0 earlier)");
        var b = await StartAsync("b", 3);
        var c = await StartAsync("c", 4);
        await _table.WaitForActiveAsync(3);
        await b.WaitForLineAsync("up " + c.Member);
        await c.WaitForLineAsync("up " + b.Member);
        return (a, b, c);
    }

    private async Task<NodeProcess> StartAsync(string name, int topologyNode, int? port = null)
    {
        var pause = TestKitSettings.Dilated(TimeSpan.FromSeconds(2));
        var node = await NodeProcess.StartAsync(name,
        [
            "ftactors.cluster.id=" + _clusterId,
            "ftactors.cluster.membership.provider=postgresql",
            "ftactors.cluster.membership.connection-string=" + _connectionString,
            "ftactors.persistence.journal.provider=postgresql",
            "ftactors.persistence.journal.connection-string=" + _connectionString,
            "ftactors.remoting.host=" + lab.Topology!.Node(topologyNode).Address,
            "ftactors.remoting.port=" + (port ?? lab.NextPort()).ToString(CultureInfo.InvariantCulture),
            "ftactors.cluster.heartbeat-interval=500ms",
            "ftactors.cluster.acceptable-heartbeat-pause=" + ((long)pause.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms",
            "ftactors.cluster.agent.table-refresh-interval=500ms",
        ], lab.InNamespace(topologyNode));
        _nodes.Add(node);
        return node;
    }
}
