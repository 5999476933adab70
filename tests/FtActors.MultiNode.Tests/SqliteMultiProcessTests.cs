using FtActors.Persistence.Membership;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Sqlite;
using FtActors.TestKit;
using Xunit;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// Real <c>ftactors node</c> processes on one machine sharing one SQLite file for membership and the journal, with
/// the default detector settings from reference.conf. Every process is killed in DisposeAsync, pass or fail.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class SqliteMultiProcessTests : IAsyncLifetime
{
    private const string ClusterId = "mp-test";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ftactors-mp-" + Guid.NewGuid().ToString("N"));
    private readonly List<NodeProcess> _nodes = [];
    private SqlMembershipTable _table = null!;

    private string DbPath => Path.Combine(_directory, "cluster.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var executor = new SqliteQueryExecutor(new SqlitePersistenceOptions { DatabasePath = DbPath });
        await new SchemaMigrator(executor).MigrateAsync(CancellationToken.None);
        _table = new SqlMembershipTable(executor, ClusterId);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    [Fact]
    public async Task Kill_OneOfThree_SurvivorsDeclareItDeadWithBothVotes()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b");
        var c = await StartAsync("c");
        await WaitForAsync(d => d.Members.Count(m => m.Status == MemberStatus.Active) == 3, "three Active rows");

        c.Kill();

        var row = await WaitForRowAsync(Member(c), r => r.Status == MemberStatus.Dead, "c's row to be Dead");
        Assert.Equal(
            new[] { Member(a), Member(b) }.OrderBy(m => m.Port),
            row.SuspectTimes.Select(v => v.Suspecter).OrderBy(m => m.Port));
        Assert.False(a.HasExited, a.Output());
        Assert.False(b.HasExited, b.Output());
        Assert.Equal(MemberStatus.Active, (await RowAsync(Member(a)))!.Status);
        Assert.Equal(MemberStatus.Active, (await RowAsync(Member(b)))!.Status);
    }

    [Fact]
    public async Task Terminate_OneOfTwo_LeavesGracefullyAndExitsZero()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b");
        await WaitForAsync(d => d.Members.Count(m => m.Status == MemberStatus.Active) == 2, "two Active rows");
        await a.WaitForLineAsync("up " + Member(b));

        var exit = await b.TerminateAsync();

        Assert.True(exit == 0, $"exit code {exit}\n{b.Output()}");
        Assert.Equal(MemberStatus.Left, (await RowAsync(Member(b)))!.Status);
        await a.WaitForLineAsync("left " + Member(b));
        Assert.False(a.HasExited, a.Output());
    }

    [Fact]
    public async Task Restart_KilledNodeOnSamePort_NewIncarnationActiveOldOneDead()
    {
        var port = LoopbackPorts.Free();
        var a = await StartAsync("a");
        var b1 = await StartAsync("b1", port);
        await WaitForAsync(d => d.Members.Count(m => m.Status == MemberStatus.Active) == 2, "two Active rows");

        b1.Kill();
        var b2 = await StartAsync("b2", port);

        Assert.True(b2.Incarnation > b1.Incarnation);
        Assert.Equal(MemberStatus.Active, (await RowAsync(Member(b2)))!.Status);
        Assert.Equal(MemberStatus.Dead, (await RowAsync(Member(b1)))!.Status);
        Assert.False(a.HasExited, a.Output());
    }

    [Fact]
    public async Task Singleton_OldestLeaves_MovesAndRecoversJournalledState()
    {
        var a = await StartAsync("a");
        await a.WaitForLineAsync("activation 1 (recovered 0 earlier)");
        var b = await StartAsync("b");
        await WaitForAsync(d => d.Members.Count(m => m.Status == MemberStatus.Active) == 2, "two Active rows");

        Assert.Equal(0, await a.TerminateAsync());

        var line = await b.WaitForLineAsync("Placement coordinator running on");
        Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Singleton_OldestKilled_MovesAfterDeathVerdict()
    {
        var a = await StartAsync("a");
        await a.WaitForLineAsync("activation 1 (recovered 0 earlier)");
        var b = await StartAsync("b");
        var c = await StartAsync("c");
        await WaitForAsync(d => d.Members.Count(m => m.Status == MemberStatus.Active) == 3, "three Active rows");

        a.Kill();

        var line = await b.WaitForLineAsync("Placement coordinator running on", TestKitSettings.Dilated(TimeSpan.FromSeconds(90)));
        Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
        Assert.Equal(MemberStatus.Dead, (await RowAsync(Member(a)))!.Status);
        Assert.DoesNotContain(c.Lines, l => l.Contains("Placement coordinator running on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_SoleNode_PersistentActorRecoversItsState()
    {
        var port = LoopbackPorts.Free();
        var first = await StartAsync("first", port);
        await first.WaitForLineAsync("activation 1 (recovered 0 earlier)");

        first.Kill();
        var second = await StartAsync("second", port);

        var line = await second.WaitForLineAsync("Placement coordinator running on");
        Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
    }

    private async Task<NodeProcess> StartAsync(string name, int? port = null)
    {
        var node = await NodeProcess.StartAsync(name, Sets(port ?? LoopbackPorts.Free()));
        _nodes.Add(node);
        return node;
    }

    private IEnumerable<string> Sets(int port) =>
    [
        "ftactors.cluster.id=" + ClusterId,
        "ftactors.cluster.membership.provider=sqlite",
        "ftactors.cluster.membership.connection-string=Data Source=" + DbPath,
        "ftactors.persistence.journal.provider=sqlite",
        "ftactors.persistence.journal.connection-string=Data Source=" + DbPath,
        "ftactors.remoting.host=127.0.0.1",
        "ftactors.remoting.port=" + port,
    ];

    private static MemberAddress Member(NodeProcess node)
    {
        var uri = new Uri(node.Address.Replace("ftactors://", "tcp://", StringComparison.Ordinal));
        return new MemberAddress(uri.Host, uri.Port, node.Incarnation);
    }


    private async Task<MembershipEntry?> RowAsync(MemberAddress address) =>
        (await _table.ReadAllAsync(CancellationToken.None)).Find(address);

    private async Task<MembershipEntry> WaitForRowAsync(MemberAddress address, Func<MembershipEntry, bool> predicate, string what)
    {
        MembershipEntry? row = null;
        await WaitForAsync(d => (row = d.Find(address)) is not null && predicate(row), what);
        return row!;
    }

    private async Task WaitForAsync(Func<MembershipTableData, bool> predicate, string what)
    {
        var deadline = DateTime.UtcNow + TestKitSettings.Dilated(TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (predicate(await _table.ReadAllAsync(CancellationToken.None)))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"expected {what}, found:\n" + string.Join('\n', _nodes.Select(n => n.Output())));
    }
}
