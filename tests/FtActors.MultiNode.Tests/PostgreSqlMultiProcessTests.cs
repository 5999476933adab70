using System.Diagnostics;
using FtActors.Persistence.Membership;
using FtActors.Persistence.PostgreSql;
using FtActors.Persistence.Sql;
using FtActors.TestKit;
using Xunit;

namespace FtActors.MultiNode.Tests;

/// <summary>
/// Real node processes on one machine sharing a real PostgreSQL server that the test starts with
/// scripts/pg-test-server.sh (and stops, with its data directory, afterwards; its watchdog stops it if this test
/// process dies). Network namespaces are not used here: the server listens on 127.0.0.1 only.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class PostgreSqlMultiProcessTests : IAsyncLifetime
{
    private const string ClusterId = "mp-pg";
    private readonly string _serverDir = Path.Combine(Path.GetTempPath(), "ftactors-mp-pg-" + Guid.NewGuid().ToString("N"));
    private readonly List<NodeProcess> _nodes = [];
    private string? _connectionString;

    private static string Script => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "scripts", "pg-test-server.sh"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_connectionString is not null)
        {
            await RunScriptAsync("stop", _serverDir);
        }
    }

    [PostgreSqlFact]
    public async Task Kill_OneOfThree_SurvivorsDeclareItDeadInPostgreSql()
    {
        _connectionString = (await RunScriptAsync("start", _serverDir)).Trim();
        await using var executor = new PostgreSqlQueryExecutor(new PostgreSqlPersistenceOptions { ConnectionString = _connectionString });
        await new SchemaMigrator(executor).MigrateAsync(CancellationToken.None);
        var table = new SqlMembershipTable(executor, ClusterId);

        var a = await StartAsync("a");
        var b = await StartAsync("b");
        var c = await StartAsync("c");
        await WaitForAsync(table, d => d.Members.Count(m => m.Status == MemberStatus.Active) == 3, "three Active rows");

        c.Kill();

        MembershipEntry? row = null;
        await WaitForAsync(table, d => (row = d.Find(Member(c))) is { Status: MemberStatus.Dead }, "c's row to be Dead");
        Assert.Equal(
            new[] { Member(a), Member(b) }.OrderBy(m => m.Port),
            row!.SuspectTimes.Select(v => v.Suspecter).OrderBy(m => m.Port));
        Assert.False(a.HasExited, a.Output());
        Assert.False(b.HasExited, b.Output());
    }

    private async Task<NodeProcess> StartAsync(string name)
    {
        var node = await NodeProcess.StartAsync(name,
        [
            "ftactors.cluster.id=" + ClusterId,
            "ftactors.cluster.membership.provider=postgresql",
            "ftactors.cluster.membership.connection-string=" + _connectionString,
            "ftactors.persistence.journal.provider=postgresql",
            "ftactors.persistence.journal.connection-string=" + _connectionString,
            "ftactors.remoting.host=127.0.0.1",
            "ftactors.remoting.port=" + LoopbackPorts.Free(),
        ]);
        _nodes.Add(node);
        return node;
    }

    private static async Task<string> RunScriptAsync(string verb, string dir)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(verb);
        info.ArgumentList.Add(dir);
        info.Environment["FTACTORS_PG_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["FTACTORS_PG_FSYNC"] = "off";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"expected pg-test-server.sh {verb} to succeed, found exit {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }

    private static MemberAddress Member(NodeProcess node)
    {
        var uri = new Uri(node.Address.Replace("ftactors://", "tcp://", StringComparison.Ordinal));
        return new MemberAddress(uri.Host, uri.Port, node.Incarnation);
    }


    private async Task WaitForAsync(SqlMembershipTable table, Func<MembershipTableData, bool> predicate, string what)
    {
        var deadline = DateTime.UtcNow + TestKitSettings.Dilated(TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (predicate(await table.ReadAllAsync(CancellationToken.None)))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"expected {what}, found:\n" + string.Join('\n', _nodes.Select(n => n.Output())));
    }
}
