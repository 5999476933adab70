namespace FtActors.Node;

/// <summary>A guest this node runs: what a migration session and the planner need to know about it.</summary>
/// <param name="Name">Guest name.</param>
/// <param name="QmpSocket">Its QMP socket.</param>
/// <param name="RamFile">Its shared RAM file.</param>
/// <param name="MemoryMiB">Its RAM.</param>
/// <param name="Machine">QEMU machine type.</param>
/// <param name="Workload">Lab workload (rebuilt at the destination).</param>
/// <param name="Mb">Lab workload size.</param>
/// <param name="VectorKb">Lab workload vector size.</param>
/// <param name="Iterations">Lab workload iteration bound.</param>
public sealed record NodeGuest(string Name, string QmpSocket, string RamFile, int MemoryMiB, string Machine, string Workload, int Mb, int VectorKb, long Iterations)
{
    /// <summary>RAM in bytes.</summary>
    public long RamBytes => (long)MemoryMiB << 20;
}
