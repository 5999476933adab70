using FtActors.Persistence.Membership;
using FtActors.Persistence.PostgreSql;
using FtActors.Persistence.Sql;
using Xunit;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// Real node processes on one machine sharing a real PostgreSQL server on 127.0.0.1 that the test starts with
/// scripts/pg-test-server.sh (and stops, with its data directory, afterwards). This one needs no root; the
/// scenarios across network namespaces are in <see cref="NamespacePostgreSqlClusterTests"/>.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class PostgreSqlMultiProcessTests : IAsyncLifetime
{
    private const string ClusterId = "mp-pg";
    private readonly List<NodeProcess> _nodes = [];
    private PostgreSqlTestServer? _server;
    private PostgreSqlQueryExecutor? _executor;

    public Task InitializeAsync() => Task.CompletedTask;

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

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [PostgreSqlFact]
    public async Task Kill_OneOfThree_SurvivorsDeclareItDeadInPostgreSql()
    {
        _server = await PostgreSqlTestServer.StartAsync();
        _executor = PostgreSqlTestServer.Executor(_server.SocketConnectionString);
        await new SchemaMigrator(_executor).MigrateAsync(CancellationToken.None);
        var table = new TableWatch(new SqlMembershipTable(_executor, ClusterId), _nodes);

        var a = await StartAsync("a");
        var b = await StartAsync("b");
        var c = await StartAsync("c");
        await table.WaitForActiveAsync(3);

        c.Kill();

        var row = await table.WaitForRowAsync(c.Member, r => r.Status == MemberStatus.Dead, "c's row to be Dead");
        Assert.Equal(
            new[] { a.Member, b.Member }.OrderBy(m => m.Port),
            row.SuspectTimes.Select(v => v.Suspecter).OrderBy(m => m.Port));
        Assert.False(a.HasExited, a.Output());
        Assert.False(b.HasExited, b.Output());
    }

    private async Task<NodeProcess> StartAsync(string name)
    {
        var node = await NodeProcess.StartAsync(name,
        [
            "ftactors.cluster.id=" + ClusterId,
            "ftactors.cluster.membership.provider=postgresql",
            "ftactors.cluster.membership.connection-string=" + _server!.ConnectionString,
            "ftactors.persistence.journal.provider=postgresql",
            "ftactors.persistence.journal.connection-string=" + _server.ConnectionString,
            "ftactors.remoting.host=127.0.0.1",
            "ftactors.remoting.port=" + LoopbackPorts.Free(),
        ]);
        _nodes.Add(node);
        return node;
    }
}
