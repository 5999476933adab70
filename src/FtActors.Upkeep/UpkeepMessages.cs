using FtActors.Remoting.Serialization;

namespace FtActors.Upkeep;

/// <summary>The upkeep's entries in the remoting message registry.</summary>
public static class UpkeepMessages
{
    /// <summary>
    /// Registers the placement messages compute nodes, spares and the coordinator exchange; call on every node
    /// before the remoting node starts (the registry must be the same everywhere).
    /// </summary>
    public static MessageRegistry Register(MessageRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register("ft.placement.register-guest", 1, UpkeepJsonContext.Default.RegisterGuest)
            .Register("ft.placement.unregister-guest", 1, UpkeepJsonContext.Default.UnregisterGuest)
            .Register("ft.placement.get-placement", 1, UpkeepJsonContext.Default.GetPlacement)
            .Register("ft.placement.placement", 1, UpkeepJsonContext.Default.Placement)
            .Register("ft.placement.get-placements", 1, UpkeepJsonContext.Default.GetPlacements)
            .Register("ft.placement.table", 1, UpkeepJsonContext.Default.PlacementTable)
            .Register("ft.placement.coverage", 1, UpkeepJsonContext.Default.CoverageReport)
            .Register("ft.placement.changed", 1, UpkeepJsonContext.Default.PlacementChanged);
    }
}
