namespace FtActors.Persistence.Membership;

/// <summary>
/// The resources a node announces, read by placement to decide which spare can hold which guest's pages.
/// Stored as plain columns (not JSON) so operators can query them.
/// </summary>
/// <param name="CpuCount">Logical CPUs available to guests.</param>
/// <param name="MemoryBytes">RAM available to guests.</param>
/// <param name="PageStoreBytes">Space for pre-deployed pages (0 on a compute-only node).</param>
public sealed record NodeCapacity(int CpuCount, long MemoryBytes, long PageStoreBytes)
{
    /// <summary>A node that offers nothing; the default for rows that only take part in membership.</summary>
    public static NodeCapacity None { get; } = new(0, 0, 0);
}
