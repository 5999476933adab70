using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Tests.Support;
using Xunit;

namespace FtActors.Persistence.Tests.Actors;

/// <summary>A persistent actor on the SQLite journal survives a node restart: a new actor system and a new executor on the same file.</summary>
public sealed class PersistentActorOnSqlTests : DatabaseTest<SqliteEngine>
{
    [Fact]
    public async Task PersistAll_ThenNodeRestart_RecoversEveryEventFromTheDatabase()
    {
        var firstRecovery = new TaskCompletionSource<int[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var node = StartNode("node-1", Database.Executor))
        {
            var tally = node.ActorOf(Props.Create(() => new TallyActor("vm-17", firstRecovery)), "tally");
            Assert.Empty(await firstRecovery.Task.WaitAsync(TestTime.Scale(TimeSpan.FromSeconds(30))));

            Assert.Equal(3L, await tally.Ask<long>(new[] { 4, 5, 6 }, TestTime.Scale(TimeSpan.FromSeconds(30))));
            Assert.Equal(4L, await tally.Ask<long>(new[] { 7 }, TestTime.Scale(TimeSpan.FromSeconds(30))));
        }

        var secondRecovery = new TaskCompletionSource<int[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var restarted = StartNode("node-1b", Database.CreateExecutor()))
        {
            restarted.ActorOf(Props.Create(() => new TallyActor("vm-17", secondRecovery)), "tally");

            var recovered = await secondRecovery.Task.WaitAsync(TestTime.Scale(TimeSpan.FromSeconds(30)));
            Assert.Equal([4, 5, 6, 7], recovered);
        }
    }

    private static ActorSystem StartNode(string name, SqlQueryExecutor executor)
    {
        var system = ActorSystem.Create(name);
        PersistenceExtension.Register(system, new SqlJournal(executor), new SqlSnapshotStore(executor), TallyActor.Serializer());
        return system;
    }
}
