namespace FtActors.Upkeep;

/// <summary>Marker of the messages the placement coordinator accepts or publishes.</summary>
public interface IPlacementMessage;

/// <summary>
/// A compute node runs <paramref name="Guest"/> and wants it pre-deployed: the coordinator assigns it a spare
/// (or keeps the one it has) and replies with a <see cref="Placement"/>. Registering again is idempotent and
/// refreshes the node and size (a guest that migrated registers from its new node).
/// </summary>
/// <param name="Guest">Guest name, unique in the cluster.</param>
/// <param name="Node">The compute node running it (host:port of the node's remoting address).</param>
/// <param name="RamBytes">Guest RAM size; placement charges it against a spare's page-store capacity.</param>
public sealed record RegisterGuest(string Guest, string Node, long RamBytes) : IPlacementMessage;

/// <summary>The guest stopped or left the cluster: its assignment is dropped (reply: the last <see cref="Placement"/>).</summary>
public sealed record UnregisterGuest(string Guest) : IPlacementMessage;

/// <summary>Asks where <paramref name="Guest"/> is pre-deployed; reply: <see cref="Placement"/> (Spare null when unknown or unplaced).</summary>
public sealed record GetPlacement(string Guest) : IPlacementMessage;

/// <summary>A guest's assigned spare and how much of the guest that spare held at the last coverage report.</summary>
/// <param name="Guest">Guest name.</param>
/// <param name="Spare">The spare's member address (host:port), or null when no spare can take it (or the guest is unknown).</param>
/// <param name="Coverage">Fraction (0..1) of the guest's non-zero pages the spare held at the last report; 0 before any.</param>
public sealed record Placement(string Guest, string? Spare, double Coverage) : IPlacementMessage;

/// <summary>Asks for every assignment; reply: <see cref="PlacementTable"/>.</summary>
public sealed record GetPlacements() : IPlacementMessage;

/// <summary>Every known guest's placement, ordered by guest name.</summary>
public sealed record PlacementTable(IReadOnlyList<Placement> Placements) : IPlacementMessage;

/// <summary>
/// A VmActor's result after one cycle: the guest had <paramref name="NonZeroPages"/> distinct non-zero pages
/// when scanned; <see cref="HeldAtScan"/> of them were on <paramref name="Spare"/> at that moment, and
/// <paramref name="HeldPages"/> are there once the cycle's shipping is acknowledged. Sent to the coordinator
/// (it ranks spares by what they hold) and published for operators.
/// </summary>
/// <param name="Guest">Guest name.</param>
/// <param name="Spare">The spare the VmActor feeds (host:port of its member address).</param>
/// <param name="NonZeroPages">Distinct non-zero page hashes of the guest at the scan.</param>
/// <param name="HeldPages">How many of those the spare holds after the cycle's shipping.</param>
/// <param name="At">When the scan finished.</param>
public sealed record CoverageReport(string Guest, string Spare, long NonZeroPages, long HeldPages, DateTimeOffset At) : IPlacementMessage
{
    /// <summary>
    /// How many of the scan's pages the spare held when the scan finished, before anything of this cycle shipped:
    /// what a failure at that moment would have found pre-deployed. A rewrite in the guest shows here first;
    /// <see cref="HeldPages"/> already counts the pages shipped to repair it. 0 from a sender that predates it.
    /// </summary>
    public long HeldAtScan { get; init; }

    /// <summary>HeldPages / NonZeroPages; 1 for a guest with no non-zero page (nothing is missing).</summary>
    public double Coverage => Fraction(HeldPages);

    /// <summary>HeldAtScan / NonZeroPages: the coverage measured against the guest as scanned, before shipping.</summary>
    public double CoverageAtScan => Fraction(HeldAtScan);

    private double Fraction(long held) => NonZeroPages <= 0 ? 1.0 : Math.Clamp((double)held / NonZeroPages, 0.0, 1.0);
}

/// <summary>Published whenever a guest's spare changes (first assignment, reassignment, drop).</summary>
/// <param name="Guest">Guest name.</param>
/// <param name="OldSpare">The previous spare, null on a first assignment.</param>
/// <param name="NewSpare">The new spare, null when the guest was dropped or no spare can take it.</param>
/// <param name="Reason">Why: "registered", "spare left", "spare down", "unregistered", "no capacity", "spare joined".</param>
public sealed record PlacementChanged(string Guest, string? OldSpare, string? NewSpare, string Reason) : IPlacementMessage;

/// <summary>
/// A spare keeps a fed page store with <paramref name="PageStoreBytes"/> of room and takes guests. Spares send
/// it to the coordinator when they join and again every few seconds, so a coordinator that has just taken over
/// (a new singleton instance) learns every spare's capacity without asking; repeating it changes nothing.
/// </summary>
/// <param name="Spare">The spare's name: host:port of its cluster address (<see cref="PlacementCoordinator.NameOf"/>).</param>
/// <param name="PageStoreBytes">Free space where the spare keeps its store; placement charges each guest's RAM against it.</param>
public sealed record SpareAvailable(string Spare, long PageStoreBytes) : IPlacementMessage;

/// <summary>A spare no longer takes guests (it leaves, left or was downed): its guests go to other spares.</summary>
public sealed record SpareGone(string Spare, string Reason) : IPlacementMessage;
