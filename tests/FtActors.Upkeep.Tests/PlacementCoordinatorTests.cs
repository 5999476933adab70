using Akka.Actor;
using FtActors.TestKit;

namespace FtActors.Upkeep.Tests;

// The in-memory journal (Akka.Persistence's default) keeps events for the test's actor system, so a second
// coordinator instance recovers what the first one wrote. Spares arrive as SpareAvailable and leave as
// SpareGone, the messages a clustered coordinator also gets (it turns member events into SpareGone itself).
public class PlacementCoordinatorTests : Akka.TestKit.Xunit2.TestKit
{
    private const long GiB = 1L << 30;
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static void Spares(IActorRef c, params (string Name, long Bytes)[] spares)
    {
        foreach (var (name, bytes) in spares)
        {
            c.Tell(new SpareAvailable(name + ":7000", bytes));
        }
    }

    private IActorRef Start(string name) => Sys.ActorOf(PlacementCoordinator.Props(watchCluster: false, TestActor, "placement-test"), name);

    private static TimeSpan DefaultTimeout => FtActors.TestKit.TestKitSettings.DefaultTimeout;

    private static async Task<Placement> RegisterAsync(IActorRef c, string guest, long ram, string node = "c1:7000") =>
        await c.Ask<Placement>(new RegisterGuest(guest, node, ram), DefaultTimeout);

    [Fact]
    public async Task Register_TwoSpares_PicksMostFreeCapacityAndNeverTheGuestsOwnNode()
    {
        IActorRef c = Start("p1");
        Spares(c, ("c1", 100 * GiB), ("s1", 3 * GiB), ("s2", 2 * GiB));
        Assert.Equal("s1:7000", (await RegisterAsync(c, "g1", 2 * GiB)).Spare);
        Assert.Equal("s2:7000", (await RegisterAsync(c, "g2", 2 * GiB)).Spare);   // s1 has 1 GiB left now
        Assert.Null((await RegisterAsync(c, "g3", 2 * GiB)).Spare);               // nobody has room (c1 is its own node)
        PlacementChanged changed = await FishForMessageAsync<PlacementChanged>(p => p.Guest == "g2");
        Assert.Equal("registered", changed.Reason);
    }

    [Fact]
    public async Task Register_CoverageReported_PrefersSpareThatHoldsTheGuest()
    {
        IActorRef c = Start("p2");
        Spares(c, ("s1", 10 * GiB), ("s2", 4 * GiB));
        Assert.Equal("s1:7000", (await RegisterAsync(c, "g1", GiB)).Spare);
        c.Tell(new CoverageReport("g1", "s2:7000", 100, 90, At));
        c.Tell(new CoverageReport("g1", "s1:7000", 100, 10, At));

        // s1 leaves: g1 goes to s2 (the only one); s1 comes back with more room, but g1 stays where it is held.
        c.Tell(new SpareGone("s1:7000", "spare left"));
        PlacementChanged moved = await FishForMessageAsync<PlacementChanged>(p => p.Reason == "spare left");
        Assert.Equal(("s1:7000", "s2:7000"), (moved.OldSpare, moved.NewSpare));
        Placement p = await c.Ask<Placement>(new GetPlacement("g1"), DefaultTimeout);
        Assert.Equal(0.9, p.Coverage, 3);

        // Re-registering with both spares present keeps the holding spare, and a new guest ranks by coverage first.
        Spares(c, ("s1", 10 * GiB), ("s2", 4 * GiB));
        Assert.Equal("s2:7000", (await RegisterAsync(c, "g1", GiB)).Spare);
    }

    [Fact]
    public async Task MemberDown_SpareDies_GuestsReassignedOrLeftUnplaced()
    {
        IActorRef c = Start("p3");
        Spares(c, ("s1", 2 * GiB), ("s2", GiB));
        Assert.Equal("s1:7000", (await RegisterAsync(c, "a", GiB)).Spare);
        Assert.Equal("s1:7000", (await RegisterAsync(c, "b", GiB)).Spare);
        c.Tell(new SpareGone("s1:7000", "spare down"));
        PlacementTable table = await c.Ask<PlacementTable>(new GetPlacements(), DefaultTimeout);
        Assert.Equal(["a", "b"], table.Placements.Select(p => p.Guest));
        Assert.Equal(["s2:7000", null], table.Placements.Select(p => p.Spare));   // s2 has room for one
        Assert.Contains("no capacity", (await FishForMessageAsync<PlacementChanged>(p => p.Guest == "b" && p.NewSpare is null)).Reason, StringComparison.Ordinal);

        // A new spare joins: the unplaced guest gets it.
        Spares(c, ("s3", GiB));
        Assert.Equal("s3:7000", (await c.Ask<Placement>(new GetPlacement("b"), DefaultTimeout)).Spare);
    }

    [Fact]
    public async Task Restart_NewInstance_RecoversAssignmentsFromJournal()
    {
        IActorRef first = Start("p4a");
        Spares(first, ("s1", 8 * GiB));
        await RegisterAsync(first, "a", GiB);
        await RegisterAsync(first, "b", GiB);
        await first.Ask<Placement>(new UnregisterGuest("a"), DefaultTimeout);
        Watch(first);
        Sys.Stop(first);
        await FishForMessageAsync<Terminated>(t => t.ActorRef.Equals(first));

        IActorRef second = Start("p4b");
        PlacementTable table = await second.Ask<PlacementTable>(new GetPlacements(), DefaultTimeout);
        Assert.Equal([new Placement("b", "s1:7000", 0)], table.Placements);
    }

    [Fact]
    public void Events_ThroughTheEventSerializer_RoundTripUnderStableManifests()
    {
        var serializer = new PlacementEventSerializer((ExtendedActorSystem)Sys);
        var placed = new GuestPlaced("g", "c1:7000", GiB, "s1:7000");
        Assert.Equal("ft.placement.guest-placed", serializer.Manifest(placed));
        Assert.Equal(placed, serializer.FromBinary(serializer.ToBinary(placed), "ft.placement.guest-placed"));
        var removed = new GuestRemoved("g");
        Assert.Equal(removed, serializer.FromBinary(serializer.ToBinary(removed), serializer.Manifest(removed)));
        var unknown = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "ft.placement.renamed"));
        Assert.Contains("ft.placement.renamed", unknown.Message, StringComparison.Ordinal);
        var broken = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{\"guest\": 3"u8.ToArray(), "ft.placement.guest-removed"));
        Assert.Contains("not valid JSON", broken.Message, StringComparison.Ordinal);
    }
}
