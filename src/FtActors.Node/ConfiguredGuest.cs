namespace FtActors.Node;

/// <summary>A guest named in <c>ftactors.guests.static</c>: a QEMU this node watches and evacuates.</summary>
/// <param name="Name">Guest name.</param>
/// <param name="QmpSocket">Its QMP socket.</param>
/// <param name="RamFile">Its shared RAM file (<c>memory-backend-file,share=on</c>).</param>
/// <param name="Workload">Lab workload name, if it runs one (rebuilt at the destination).</param>
public sealed record ConfiguredGuest(string Name, string QmpSocket, string RamFile, string? Workload);
