using System.Collections.Immutable;
using FtActors.Persistence.Membership;
using FtActors.Persistence.Tests.Support;
using Xunit;

namespace FtActors.Persistence.Tests.Membership;

/// <summary>
/// What every <see cref="IMembershipTable"/> must do (after Orleans' MembershipTableTestsBase, our own
/// cases). Subclasses supply the database; each test gets a fresh one.
/// </summary>
public abstract class MembershipTableSpec<TEngine> : DatabaseTest<TEngine>
    where TEngine : ITestEngine
{
    private const string Cluster = "hpc-a";
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);

    private SqlMembershipTable Table(string cluster = Cluster) => new(Database.Executor, cluster);

    private static MembershipEntry Entry(string host, long incarnation, MemberStatus status = MemberStatus.Joining, NodeRoles roles = NodeRoles.Compute) =>
        new(
            new MemberAddress(host, 7400, incarnation),
            status,
            roles,
            new NodeCapacity(16, 64L << 30, 0),
            ImmutableArray<SuspectTime>.Empty,
            T0,
            T0);

    [Fact]
    public async Task ReadAll_NewCluster_ReturnsVersionZeroAndNoRows()
    {
        var data = await Table().ReadAllAsync(CancellationToken.None);

        Assert.Equal(0, data.Version);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task InsertRow_AtCurrentVersion_AppliesAndBumpsVersion()
    {
        var table = Table();
        var entry = Entry("node1", 1);

        var result = await table.InsertRowAsync(entry, 0, CancellationToken.None);
        var data = await table.ReadAllAsync(CancellationToken.None);

        Assert.Equal(new MembershipWriteResult(MembershipWriteStatus.Applied, 1), result);
        Assert.Equal(1, data.Version);
        Assert.Equal(entry, Assert.Single(data.Members));
    }

    [Fact]
    public async Task InsertRow_StaleVersion_ReturnsTableVersionChangedAndWritesNothing()
    {
        var table = Table();
        await table.InsertRowAsync(Entry("node1", 1), 0, CancellationToken.None);

        var result = await table.InsertRowAsync(Entry("node2", 1), 0, CancellationToken.None);
        var data = await table.ReadAllAsync(CancellationToken.None);

        Assert.Equal(MembershipWriteStatus.TableVersionChanged, result.Status);
        Assert.False(result.IsApplied);
        Assert.Equal(1, data.Version);
        Assert.Equal("node1", Assert.Single(data.Members).Address.Host);
    }

    [Fact]
    public async Task InsertRow_SameIncarnationTwice_ReturnsRowAlreadyExistsAndKeepsVersion()
    {
        var table = Table();
        await table.InsertRowAsync(Entry("node1", 1), 0, CancellationToken.None);

        var result = await table.InsertRowAsync(Entry("node1", 1, MemberStatus.Active), 1, CancellationToken.None);
        var data = await table.ReadAllAsync(CancellationToken.None);

        Assert.Equal(new MembershipWriteResult(MembershipWriteStatus.RowAlreadyExists, 1), result);
        Assert.Equal(1, data.Version);
        Assert.Equal(MemberStatus.Joining, Assert.Single(data.Members).Status);
    }

    [Fact]
    public async Task InsertRow_NewIncarnationOfSameEndpoint_AddsSecondRow()
    {
        var table = Table();
        await table.InsertRowAsync(Entry("node1", 1, MemberStatus.Dead), 0, CancellationToken.None);

        var result = await table.InsertRowAsync(Entry("node1", 2), 1, CancellationToken.None);
        var data = await table.ReadAllAsync(CancellationToken.None);

        Assert.True(result.IsApplied);
        Assert.Equal([1L, 2L], data.Members.Select(m => m.Address.Incarnation));
        Assert.Equal(MemberStatus.Dead, data.Find(new MemberAddress("node1", 7400, 1))!.Status);
        Assert.Equal(MemberStatus.Joining, data.Find(new MemberAddress("node1", 7400, 2))!.Status);
    }

    [Fact]
    public async Task UpdateRow_AtCurrentVersion_ReplacesEveryColumn()
    {
        var table = Table();
        var entry = Entry("node1", 1);
        await table.InsertRowAsync(entry, 0, CancellationToken.None);
        var votes = ImmutableArray.Create(
            new SuspectTime(new MemberAddress("node2", 7400, 3), T0.AddSeconds(5)),
            new SuspectTime(new MemberAddress("node3", 7401, 1), T0.AddSeconds(6)));
        var changed = entry with
        {
            Status = MemberStatus.Active,
            Roles = NodeRoles.Compute | NodeRoles.Spare,
            Capacity = new NodeCapacity(32, 128L << 30, 512L << 30),
            SuspectTimes = votes,
            IAmAliveTime = T0.AddSeconds(7),
        };

        var result = await table.UpdateRowAsync(changed, 1, CancellationToken.None);
        var data = await table.ReadRowAsync(entry.Address, CancellationToken.None);

        Assert.Equal(new MembershipWriteResult(MembershipWriteStatus.Applied, 2), result);
        Assert.Equal(2, data.Version);
        Assert.Equal(changed, Assert.Single(data.Members));
    }

    [Fact]
    public async Task UpdateRow_StaleVersion_ReturnsTableVersionChangedAndRowUnchanged()
    {
        var table = Table();
        var entry = Entry("node1", 1);
        await table.InsertRowAsync(entry, 0, CancellationToken.None);
        await table.InsertRowAsync(Entry("node2", 1), 1, CancellationToken.None);

        var result = await table.UpdateRowAsync(entry with { Status = MemberStatus.Dead }, 1, CancellationToken.None);
        var data = await table.ReadRowAsync(entry.Address, CancellationToken.None);

        Assert.Equal(new MembershipWriteResult(MembershipWriteStatus.TableVersionChanged, 1), result);
        Assert.Equal(2, data.Version);
        Assert.Equal(MemberStatus.Joining, Assert.Single(data.Members).Status);
    }

    [Fact]
    public async Task UpdateRow_MissingRow_ReturnsRowNotFoundAndKeepsVersion()
    {
        var table = Table();
        await table.InsertRowAsync(Entry("node1", 1), 0, CancellationToken.None);

        var result = await table.UpdateRowAsync(Entry("node9", 1, MemberStatus.Active), 1, CancellationToken.None);

        Assert.Equal(new MembershipWriteResult(MembershipWriteStatus.RowNotFound, 1), result);
        Assert.Equal(1, (await table.ReadAllAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_ExistingRow_ChangesOnlyTheTimeAndNotTheVersion()
    {
        var table = Table();
        var entry = Entry("node1", 1);
        await table.InsertRowAsync(entry, 0, CancellationToken.None);

        var found = await table.UpdateIAmAliveAsync(entry.Address, T0.AddMinutes(1), CancellationToken.None);
        var data = await table.ReadAllAsync(CancellationToken.None);

        Assert.True(found);
        Assert.Equal(1, data.Version);
        Assert.Equal(entry with { IAmAliveTime = T0.AddMinutes(1) }, Assert.Single(data.Members));
    }

    [Fact]
    public async Task UpdateIAmAlive_AfterAnotherNodeRead_DoesNotMakeItsWriteLose()
    {
        var table = Table();
        var entry = Entry("node1", 1);
        await table.InsertRowAsync(entry, 0, CancellationToken.None);
        var read = await table.ReadAllAsync(CancellationToken.None);

        await table.UpdateIAmAliveAsync(entry.Address, T0.AddMinutes(1), CancellationToken.None);
        var result = await table.UpdateRowAsync(entry with { Status = MemberStatus.Active }, read.Version, CancellationToken.None);

        Assert.True(result.IsApplied);
    }

    [Fact]
    public async Task UpdateIAmAlive_MissingRow_ReturnsFalse()
    {
        var found = await Table().UpdateIAmAliveAsync(new MemberAddress("ghost", 7400, 1), T0, CancellationToken.None);

        Assert.False(found);
    }

    [Fact]
    public async Task ReadRow_MissingRow_ReturnsVersionAndNoRows()
    {
        var table = Table();
        await table.InsertRowAsync(Entry("node1", 1), 0, CancellationToken.None);

        var data = await table.ReadRowAsync(new MemberAddress("node1", 7400, 2), CancellationToken.None);

        Assert.Equal(1, data.Version);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task InsertRow_ConcurrentWritersFromOneRead_ExactlyOneWins()
    {
        // Eight "nodes", each with its own executor and connections, act on the same read (version 0).
        const int writers = 8;
        var tables = Enumerable.Range(0, writers).Select(_ => new SqlMembershipTable(Database.CreateExecutor(), Cluster)).ToList();

        var results = await Task.WhenAll(tables.Select((t, i) => Task.Run(() => t.InsertRowAsync(Entry($"node{i}", 1), 0, CancellationToken.None))));
        var data = await Table().ReadAllAsync(CancellationToken.None);

        Assert.Single(results, r => r.IsApplied);
        Assert.All(results.Where(r => !r.IsApplied), r => Assert.Equal(MembershipWriteStatus.TableVersionChanged, r.Status));
        Assert.Equal(1, data.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task UpdateRow_ConcurrentWritersRetryingOnConflict_AllChangesLandOnce()
    {
        // Each writer re-reads and retries until applied, as the protocol will; every write must end up
        // applied exactly once and the version must count them all.
        const int writers = 4;
        var table = Table();
        for (var i = 0; i < writers; i++)
        {
            await table.InsertRowAsync(Entry($"node{i}", 1), i, CancellationToken.None);
        }

        async Task<int> PromoteAsync(int i)
        {
            var mine = new SqlMembershipTable(Database.CreateExecutor(), Cluster);
            for (var attempt = 1; ; attempt++)
            {
                var read = await mine.ReadAllAsync(CancellationToken.None);
                var me = read.Find(new MemberAddress($"node{i}", 7400, 1))!;
                var result = await mine.UpdateRowAsync(me with { Status = MemberStatus.Active }, read.Version, CancellationToken.None);
                if (result.IsApplied)
                {
                    return attempt;
                }

                Assert.Equal(MembershipWriteStatus.TableVersionChanged, result.Status);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(() => PromoteAsync(i))));
        var data = await table.ReadAllAsync(CancellationToken.None);

        Assert.Equal(2 * writers, data.Version);
        Assert.All(data.Members, m => Assert.Equal(MemberStatus.Active, m.Status));
    }

    [Fact]
    public async Task DeleteMembershipTable_RemovesRowsAndVersion_LeavesOtherClusters()
    {
        var mine = Table();
        var other = Table("hpc-b");
        await mine.InsertRowAsync(Entry("node1", 1), 0, CancellationToken.None);
        await other.InsertRowAsync(Entry("node1", 1), 0, CancellationToken.None);

        await mine.DeleteMembershipTableAsync(Cluster, CancellationToken.None);

        var gone = await mine.ReadAllAsync(CancellationToken.None);
        Assert.Equal(0, gone.Version);
        Assert.Empty(gone.Members);
        Assert.Single((await other.ReadAllAsync(CancellationToken.None)).Members);
        Assert.True((await mine.InsertRowAsync(Entry("node1", 1), 0, CancellationToken.None)).IsApplied);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_RemovesOldNonActiveRows_KeepsActiveAndRecentAndBumpsVersion()
    {
        var table = Table();
        await table.InsertRowAsync(Entry("dead-old", 1, MemberStatus.Dead), 0, CancellationToken.None);
        await table.InsertRowAsync(Entry("left-old", 1, MemberStatus.Left), 1, CancellationToken.None);
        await table.InsertRowAsync(Entry("active-old", 1, MemberStatus.Active), 2, CancellationToken.None);
        await table.InsertRowAsync(Entry("dead-recent", 1, MemberStatus.Dead) with { IAmAliveTime = T0.AddHours(2) }, 3, CancellationToken.None);

        var removed = await table.CleanupDefunctSiloEntriesAsync(T0.AddHours(1), CancellationToken.None);
        var data = await table.ReadAllAsync(CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal(5, data.Version);
        Assert.Equal(["active-old", "dead-recent"], data.Members.Select(m => m.Address.Host));
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_NothingToRemove_KeepsVersion()
    {
        var table = Table();
        await table.InsertRowAsync(Entry("node1", 1, MemberStatus.Active), 0, CancellationToken.None);

        var removed = await table.CleanupDefunctSiloEntriesAsync(T0.AddHours(1), CancellationToken.None);

        Assert.Equal(0, removed);
        Assert.Equal(1, (await table.ReadAllAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task ReadAll_ClustersShareTheTable_SeeOnlyTheirOwnRowsAndVersion()
    {
        var a = Table("hpc-a");
        var b = Table("hpc-b");
        await a.InsertRowAsync(Entry("node1", 1), 0, CancellationToken.None);
        await a.InsertRowAsync(Entry("node2", 1), 1, CancellationToken.None);
        await b.InsertRowAsync(Entry("node3", 1), 0, CancellationToken.None);

        var dataA = await a.ReadAllAsync(CancellationToken.None);
        var dataB = await b.ReadAllAsync(CancellationToken.None);

        Assert.Equal(2, dataA.Version);
        Assert.Equal(["node1", "node2"], dataA.Members.Select(m => m.Address.Host));
        Assert.Equal(1, dataB.Version);
        Assert.Equal("node3", Assert.Single(dataB.Members).Address.Host);
    }

    [Fact]
    public async Task ReadAll_RowWithUnknownRole_ThrowsStoredDataExceptionNamingTheColumn()
    {
        var table = Table();
        await table.InsertRowAsync(Entry("node1", 1), 0, CancellationToken.None);
        await using (var connection = await Database.Executor.OpenConnectionAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE cluster_members SET roles = 'compute,gpu'";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<StoredDataException>(() => table.ReadAllAsync(CancellationToken.None));

        Assert.Equal("roles", error.Column);
        Assert.Equal("hpc-a/node1:7400#1", error.RowKey);
        Assert.Contains("'gpu'", error.Message, StringComparison.Ordinal);
        Assert.Contains("offset 8", error.Message, StringComparison.Ordinal);
    }
}
