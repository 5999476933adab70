using FtActors.Kernel.Persistence;

namespace FtActors.Upkeep;

/// <summary>Journal event: a guest is registered (or re-registered) and assigned <paramref name="Spare"/> (null: none could take it).</summary>
public sealed record GuestPlaced(string Guest, string Node, long RamBytes, string? Spare);

/// <summary>Journal event: a guest was unregistered.</summary>
public sealed record GuestRemoved(string Guest);

/// <summary>The coordinator's journal events in the event-serializer registry.</summary>
public static class PlacementEvents
{
    /// <summary>Registers the coordinator's events under stable names; call where the node builds its persistence.</summary>
    public static EventSerializerRegistry Register(EventSerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register("ft.placement.guest-placed", UpkeepJsonContext.Default.GuestPlaced)
            .Register("ft.placement.guest-removed", UpkeepJsonContext.Default.GuestRemoved);
    }

    /// <summary>Registers <see cref="PlacementChanged"/> for pub/sub between nodes (the coordinator's announcements).</summary>
    public static EventSerializerRegistry RegisterAnnouncements(EventSerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register("ft.placement.changed", UpkeepJsonContext.Default.PlacementChanged);
    }
}
