using FtActors.Cluster.Membership;
using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Membership;
using FtActors.TestKit;

namespace FtActors.Upkeep.Tests;

public class PlacementCoordinatorTests : ActorTestKit
{
    private const long GiB = 1L << 30;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private readonly InMemoryJournal _journal = new();

    public PlacementCoordinatorTests() =>
        PersistenceExtension.Register(Sys, _journal, new InMemorySnapshotStore(), PlacementEvents.Register(new EventSerializerRegistry()));

    private static MembershipEntry Member(string host, NodeRoles roles, long storeBytes, MemberStatus status = MemberStatus.Active) =>
        new(new MemberAddress(host, 7000, 1), status, roles, new NodeCapacity(2, 4 * GiB, storeBytes), [], Now, Now);

    private static CurrentClusterState State(params MembershipEntry[] members) =>
        new(new MemberAddress("c1", 7000, 1), [.. members]);

    private IActorRef Start(string name) => Sys.ActorOf(PlacementCoordinator.Props(null, TestActor.Ref, "placement-test"), name);

    private static async Task<Placement> RegisterAsync(IActorRef c, string guest, long ram, string node = "c1:7000") =>
        await c.Ask<Placement>(new RegisterGuest(guest, node, ram), DefaultTimeout);

    [Fact]
    public async Task Register_TwoSpares_PicksMostFreeCapacityAndNeverTheGuestsOwnNode()
    {
        IActorRef c = Start("p1");
        c.Tell(State(Member("c1", NodeRoles.Compute | NodeRoles.Spare, 100 * GiB), Member("s1", NodeRoles.Spare, 3 * GiB), Member("s2", NodeRoles.Spare, 2 * GiB)));
        Assert.Equal("s1:7000", (await RegisterAsync(c, "g1", 2 * GiB)).Spare);
        Assert.Equal("s2:7000", (await RegisterAsync(c, "g2", 2 * GiB)).Spare);   // s1 has 1 GiB left now
        Assert.Null((await RegisterAsync(c, "g3", 2 * GiB)).Spare);               // nobody has room (c1 is its own node)
        PlacementChanged changed = await TestActor.FishForMessageAsync<PlacementChanged>(p => p.Guest == "g2");
        Assert.Equal("registered", changed.Reason);
    }

    [Fact]
    public async Task Register_CoverageReported_PrefersSpareThatHoldsTheGuest()
    {
        IActorRef c = Start("p2");
        c.Tell(State(Member("s1", NodeRoles.Spare, 10 * GiB), Member("s2", NodeRoles.Spare, 4 * GiB)));
        Assert.Equal("s1:7000", (await RegisterAsync(c, "g1", GiB)).Spare);
        c.Tell(new CoverageReport("g1", "s2:7000", 100, 90, Now));
        c.Tell(new CoverageReport("g1", "s1:7000", 100, 10, Now));

        // s1 leaves: g1 goes to s2 (the only one); s1 comes back with more room, but g1 stays where it is held.
        c.Tell(new MemberLeft(Member("s1", NodeRoles.Spare, 10 * GiB, MemberStatus.Left)));
        PlacementChanged moved = await TestActor.FishForMessageAsync<PlacementChanged>(p => p.Reason == "spare left");
        Assert.Equal(("s1:7000", "s2:7000"), (moved.OldSpare, moved.NewSpare));
        Placement p = await c.Ask<Placement>(new GetPlacement("g1"), DefaultTimeout);
        Assert.Equal(0.9, p.Coverage, 3);

        // Re-registering with both spares present keeps the holding spare, and a new guest ranks by coverage first.
        c.Tell(State(Member("s1", NodeRoles.Spare, 10 * GiB), Member("s2", NodeRoles.Spare, 4 * GiB)));
        Assert.Equal("s2:7000", (await RegisterAsync(c, "g1", GiB)).Spare);
    }

    [Fact]
    public async Task MemberDown_SpareDies_GuestsReassignedOrLeftUnplaced()
    {
        IActorRef c = Start("p3");
        c.Tell(State(Member("s1", NodeRoles.Spare, 2 * GiB), Member("s2", NodeRoles.Spare, GiB)));
        Assert.Equal("s1:7000", (await RegisterAsync(c, "a", GiB)).Spare);
        Assert.Equal("s1:7000", (await RegisterAsync(c, "b", GiB)).Spare);
        c.Tell(new MemberDown(Member("s1", NodeRoles.Spare, 2 * GiB, MemberStatus.Dead)));
        PlacementTable table = await c.Ask<PlacementTable>(new GetPlacements(), DefaultTimeout);
        Assert.Equal(["a", "b"], table.Placements.Select(p => p.Guest));
        Assert.Equal(["s2:7000", null], table.Placements.Select(p => p.Spare));   // s2 has room for one
        Assert.Contains("no capacity", (await TestActor.FishForMessageAsync<PlacementChanged>(p => p.Guest == "b" && p.NewSpare is null)).Reason, StringComparison.Ordinal);

        // A new spare joins: the unplaced guest gets it.
        c.Tell(State(Member("s2", NodeRoles.Spare, GiB), Member("s3", NodeRoles.Spare, GiB)));
        Assert.Equal("s3:7000", (await c.Ask<Placement>(new GetPlacement("b"), DefaultTimeout)).Spare);
    }

    [Fact]
    public async Task Restart_NewInstance_RecoversAssignmentsFromJournal()
    {
        IActorRef first = Start("p4a");
        first.Tell(State(Member("s1", NodeRoles.Spare, 8 * GiB)));
        await RegisterAsync(first, "a", GiB);
        await RegisterAsync(first, "b", GiB);
        await first.Ask<Placement>(new UnregisterGuest("a"), DefaultTimeout);
        Watch(first);
        Sys.Stop(first);
        await TestActor.FishForMessageAsync<Terminated>(t => t.ActorRef.Equals(first));

        IActorRef second = Start("p4b");
        PlacementTable table = await second.Ask<PlacementTable>(new GetPlacements(), DefaultTimeout);
        Assert.Equal([new Placement("b", "s1:7000", 0)], table.Placements);
    }

    [Fact]
    public void Messages_RegisteredForRemoting_RoundTripAsJson()
    {
        var registry = UpkeepMessages.Register(new FtActors.Remoting.Serialization.MessageRegistry());
        Assert.Equal(8, registry.Count);
        var table = new PlacementTable([new Placement("g", "s1:7000", 0.5), new Placement("h", null, 0)]);
        string json = System.Text.Json.JsonSerializer.Serialize(table, UpkeepJsonContext.Default.PlacementTable);
        PlacementTable back = System.Text.Json.JsonSerializer.Deserialize(json, UpkeepJsonContext.Default.PlacementTable)!;
        Assert.Equal(table.Placements, back.Placements);
        var report = new CoverageReport("g", "s", 10, 7, Now) { HeldAtScan = 4 };
        Assert.Equal(report, System.Text.Json.JsonSerializer.Deserialize(System.Text.Json.JsonSerializer.Serialize(report, UpkeepJsonContext.Default.CoverageReport), UpkeepJsonContext.Default.CoverageReport));
    }
}
