using Akka.Actor;
using Akka.Cluster;
using Akka.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Upkeep;

/// <summary>
/// Decides which spare pre-deploys which guest; the node runs it as a cluster singleton. Spares announce
/// themselves and their page-store capacity (<see cref="SpareAvailable"/>); a spare that leaves, left or was
/// downed (cluster member events, or <see cref="SpareGone"/>) gives its guests to others. A guest goes to the
/// spare, other than its own node, that already holds most of it (coverage reports), then to the one with most
/// free capacity. Assignments are journaled, so a coordinator that takes over after a hand-over knows them
/// before the first spare announces itself again.
/// </summary>
public sealed class PlacementCoordinator : ReceivePersistentActor
{
    private readonly string _persistenceId;
    private readonly bool _watchCluster;
    private readonly IActorRef? _listener;
    private readonly ILogger _logger;

    private readonly Dictionary<string, GuestState> _guests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _spares = new(StringComparer.Ordinal);

    /// <summary>Creates the actor; use <see cref="Props"/>, which Akka calls this through.</summary>
    public PlacementCoordinator(string persistenceId, bool watchCluster, IActorRef? listener, ILogger? logger)
    {
        _persistenceId = persistenceId;
        _watchCluster = watchCluster;
        _listener = listener;
        _logger = logger ?? NullLogger.Instance;

        Recover<GuestPlaced>(Apply);
        Recover<GuestRemoved>(r => { _guests.Remove(r.Guest); });

        Command<RegisterGuest>(OnRegister);
        Command<UnregisterGuest>(OnUnregister);
        Command<GetPlacement>(g => Sender.Tell(PlacementOf(g.Guest)));
        Command<GetPlacements>(_ => Sender.Tell(new PlacementTable([.. _guests.Keys.Order(StringComparer.Ordinal).Select(PlacementOf)])));
        Command<CoverageReport>(OnCoverage);
        Command<SpareAvailable>(OnSpareAvailable);
        Command<SpareGone>(g => OnSpareGone(g.Spare, g.Reason));
        Command<ClusterEvent.MemberLeft>(m => OnSpareGone(NameOf(m.Member.Address), "spare leaving"));
        Command<ClusterEvent.MemberExited>(m => OnSpareGone(NameOf(m.Member.Address), "spare left"));
        Command<ClusterEvent.MemberRemoved>(m => OnSpareGone(NameOf(m.Member.Address), m.PreviousStatus == MemberStatus.Down ? "spare down" : "spare left"));
        Command<ClusterEvent.MemberDowned>(m => OnSpareGone(NameOf(m.Member.Address), "spare down"));
        Command<ClusterEvent.CurrentClusterState>(OnClusterState);
        Command<ClusterEvent.IMemberEvent>(_ => { });
    }

    /// <inheritdoc />
    public override string PersistenceId => _persistenceId;

    /// <summary>Creates the coordinator's props.</summary>
    /// <param name="watchCluster">Subscribe to the Akka cluster's member events (the node's singleton); false in tests that send <see cref="SpareGone"/> themselves.</param>
    /// <param name="listener">Also gets every <see cref="PlacementChanged"/> (e.g. a pub/sub publisher); may be null. They always go to the event stream.</param>
    /// <param name="persistenceId">Journal stream; the same on every node so a new singleton instance recovers the old one's state.</param>
    /// <param name="logger">Logger; none when null.</param>
    public static Props Props(bool watchCluster, IActorRef? listener = null, string persistenceId = "placement-coordinator", ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        return Akka.Actor.Props.Create(() => new PlacementCoordinator(persistenceId, watchCluster, listener, logger));
    }

    /// <summary>The name placement uses for a member: host:port of its cluster address.</summary>
    public static string NameOf(Address member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return $"{member.Host}:{member.Port}";
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        base.PreStart();
        if (_watchCluster)
        {
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        if (_watchCluster)
        {
            Cluster.Get(Context.System).Unsubscribe(Self);
        }

        base.PostStop();
    }

    private void OnCoverage(CoverageReport c)
    {
        if (_guests.TryGetValue(c.Guest, out GuestState? s))
        {
            s.Coverage[c.Spare] = c.Coverage;
        }
    }

    private void OnSpareAvailable(SpareAvailable a)
    {
        bool known = _spares.ContainsKey(a.Spare);
        _spares[a.Spare] = a.PageStoreBytes;
        if (!known)
        {
            ReassignHomeless();
        }
    }

    private void OnRegister(RegisterGuest r)
    {
        IActorRef replyTo = Sender;
        _guests.TryGetValue(r.Guest, out GuestState? existing);
        string? spare = existing?.Spare is { } kept && _spares.ContainsKey(kept) && kept != r.Node ? kept : Choose(r.Guest, r.Node, r.RamBytes);
        if (existing is not null && existing.Spare == spare && existing.Node == r.Node && existing.RamBytes == r.RamBytes)
        {
            replyTo.Tell(PlacementOf(r.Guest));
            return;
        }

        string? old = existing?.Spare;
        Persist(new GuestPlaced(r.Guest, r.Node, r.RamBytes, spare), e =>
        {
            Apply(e);
            if (old != spare)
            {
                Announce(new PlacementChanged(r.Guest, old, spare, spare is null ? "no capacity" : "registered"));
            }

            replyTo.Tell(PlacementOf(r.Guest));
        });
    }

    private void OnUnregister(UnregisterGuest u)
    {
        IActorRef replyTo = Sender;
        if (!_guests.TryGetValue(u.Guest, out GuestState? s))
        {
            replyTo.Tell(new Placement(u.Guest, null, 0));
            return;
        }

        Placement last = PlacementOf(u.Guest);
        Persist(new GuestRemoved(u.Guest), _ =>
        {
            _guests.Remove(u.Guest);
            if (s.Spare is not null)
            {
                Announce(new PlacementChanged(u.Guest, s.Spare, null, "unregistered"));
            }

            replyTo.Tell(last);
        });
    }

    private void OnClusterState(ClusterEvent.CurrentClusterState state)
    {
        // After a hand-over the journal may name spares that are gone by now; keep only the members still up.
        var up = state.Members.Where(m => m.Status == MemberStatus.Up).Select(m => NameOf(m.Address)).ToHashSet(StringComparer.Ordinal);
        foreach (string gone in _spares.Keys.Where(s => !up.Contains(s)).ToList())
        {
            OnSpareGone(gone, "spare gone");
        }

        ReassignHomeless();
    }

    /// <summary>Guests whose spare is not an available spare, and guests nobody could take before, get another try.</summary>
    private void ReassignHomeless()
    {
        foreach (GuestState g in _guests.Values.OrderBy(g => g.Name, StringComparer.Ordinal).ToList())
        {
            if (g.Spare is null || !_spares.ContainsKey(g.Spare))
            {
                Reassign(g, g.Spare is null ? "spare joined" : "spare gone");
            }
        }
    }

    private void OnSpareGone(string name, string reason)
    {
        if (!_spares.Remove(name))
        {
            return;
        }

        foreach (GuestState g in _guests.Values.Where(g => g.Spare == name).OrderBy(g => g.Name, StringComparer.Ordinal).ToList())
        {
            g.Coverage.Remove(name);
            Reassign(g, reason);
        }
    }

    private void Reassign(GuestState g, string reason)
    {
        string? old = g.Spare;

        // Free the guest's share of its old spare before choosing, so it is not charged twice.
        g.Spare = null;
        string? spare = Choose(g.Name, g.Node, g.RamBytes);
        g.Spare = old;
        if (spare == old)
        {
            return;
        }

        // Applied before the journal write: one membership event may move many guests in this same handler, and
        // each choice must see the capacity the previous ones took. A failed write stops the actor, and the next
        // instance recovers from the journal, so the early state never outlives a lost event.
        var placed = new GuestPlaced(g.Name, g.Node, g.RamBytes, spare);
        Apply(placed);
        Persist(placed, _ => Announce(new PlacementChanged(g.Name, old, spare, spare is null ? reason + "; no capacity" : reason)));
    }

    /// <summary>The spare with free capacity for the guest that holds most of it, then the one with most free space, then by name.</summary>
    private string? Choose(string guest, string node, long ramBytes)
    {
        _guests.TryGetValue(guest, out GuestState? g);
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (GuestState other in _guests.Values)
        {
            if (other.Spare is not null && other.Name != guest)
            {
                used[other.Spare] = used.GetValueOrDefault(other.Spare) + other.RamBytes;
            }
        }

        return _spares
            .Where(s => s.Key != node && s.Value - used.GetValueOrDefault(s.Key) >= ramBytes)
            .OrderByDescending(s => g?.Coverage.GetValueOrDefault(s.Key) ?? 0)
            .ThenByDescending(s => s.Value - used.GetValueOrDefault(s.Key))
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => s.Key)
            .FirstOrDefault();
    }

    private void Apply(GuestPlaced e)
    {
        if (!_guests.TryGetValue(e.Guest, out GuestState? s))
        {
            s = new GuestState(e.Guest);
            _guests[e.Guest] = s;
        }

        s.Node = e.Node;
        s.RamBytes = e.RamBytes;
        s.Spare = e.Spare;
    }

    private Placement PlacementOf(string guest) =>
        _guests.TryGetValue(guest, out GuestState? s)
            ? new Placement(guest, s.Spare, s.Spare is null ? 0 : s.Coverage.GetValueOrDefault(s.Spare))
            : new Placement(guest, null, 0);

    private void Announce(PlacementChanged change)
    {
        LogMessages.PlacementChanged(_logger, change.Guest, change.OldSpare, change.NewSpare, change.Reason);
        Context.System.EventStream.Publish(change);
        _listener?.Tell(change);
    }

    private sealed class GuestState(string name)
    {
        public string Name { get; } = name;

        public string Node { get; set; } = string.Empty;

        public long RamBytes { get; set; }

        public string? Spare { get; set; }

        // Last reported coverage per spare: placement prefers a spare that already holds the guest.
        public Dictionary<string, double> Coverage { get; } = new(StringComparer.Ordinal);
    }
}
