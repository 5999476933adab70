using Akka.Actor;
using FtActors.Serialization;

namespace FtActors.Upkeep;

/// <summary>Journal event: a guest is registered (or re-registered) and assigned <paramref name="Spare"/> (null: none could take it).</summary>
public sealed record GuestPlaced(string Guest, string Node, long RamBytes, string? Spare);

/// <summary>Journal event: a guest was unregistered.</summary>
public sealed record GuestRemoved(string Guest);

/// <summary>The coordinator's journal events as JSON under stable manifests (bound in hocon/reference.conf).</summary>
public sealed class PlacementEventSerializer(ExtendedActorSystem system) : JsonEventSerializer(system,
[
    ("ft.placement.guest-placed", UpkeepJsonContext.Default.GuestPlaced),
    ("ft.placement.guest-removed", UpkeepJsonContext.Default.GuestRemoved),
])
{
    /// <inheritdoc />
    public override int Identifier => 9102;
}
