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
    private TableWatch _table = null!;

    private string DbPath => Path.Combine(_directory, "cluster.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var executor = new SqliteQueryExecutor(new SqlitePersistenceOptions { DatabasePath = DbPath });
        await new SchemaMigrator(executor).MigrateAsync(CancellationToken.None);
        _table = new TableWatch(new SqlMembershipTable(executor, ClusterId), _nodes);
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
        await _table.WaitForActiveAsync(3);

        c.Kill();

        var row = await _table.WaitForRowAsync(c.Member, r => r.Status == MemberStatus.Dead, "c's row to be Dead");
        Assert.Equal(
            new[] { a.Member, b.Member }.OrderBy(m => m.Port),
            row.SuspectTimes.Select(v => v.Suspecter).OrderBy(m => m.Port));
        Assert.False(a.HasExited, a.Output());
        Assert.False(b.HasExited, b.Output());
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(a.Member))!.Status);
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(b.Member))!.Status);
    }

    [Fact]
    public async Task Terminate_OneOfTwo_LeavesGracefullyAndExitsZero()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b");
        await _table.WaitForActiveAsync(2);
        await a.WaitForLineAsync("up " + b.Member);

        var exit = await b.TerminateAsync();

        Assert.True(exit == 0, $"exit code {exit}\n{b.Output()}");
        Assert.Equal(MemberStatus.Left, (await _table.RowAsync(b.Member))!.Status);
        await a.WaitForLineAsync("left " + b.Member);
        Assert.False(a.HasExited, a.Output());
    }

    [Fact]
    public async Task Restart_KilledNodeOnSamePort_NewIncarnationActiveOldOneDead()
    {
        var port = LoopbackPorts.Free();
        var a = await StartAsync("a");
        var b1 = await StartAsync("b1", port);
        await _table.WaitForActiveAsync(2);

        b1.Kill();
        var b2 = await StartAsync("b2", port);

        Assert.True(b2.Incarnation > b1.Incarnation);
        Assert.Equal(MemberStatus.Active, (await _table.RowAsync(b2.Member))!.Status);
        Assert.Equal(MemberStatus.Dead, (await _table.RowAsync(b1.Member))!.Status);
        Assert.False(a.HasExited, a.Output());
    }

    [Fact]
    public async Task Singleton_OldestLeaves_MovesAndRecoversJournalledState()
    {
        var a = await StartAsync("a");
        await a.WaitForLineAsync("activation 1 (recovered 0 earlier)");
        var b = await StartAsync("b");
        await _table.WaitForActiveAsync(2);

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
        await _table.WaitForActiveAsync(3);

        a.Kill();

        var line = await b.WaitForLineAsync("Placement coordinator running on", TestKitSettings.Dilated(TimeSpan.FromSeconds(90)));
        Assert.Contains("activation 2 (recovered 1 earlier)", line, StringComparison.Ordinal);
        Assert.Equal(MemberStatus.Dead, (await _table.RowAsync(a.Member))!.Status);
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
}
