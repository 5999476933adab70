namespace FtActors.Lab.Topologies;

/// <summary>One node of a topology: a network namespace with one interface and one address.</summary>
/// <param name="Index">1-based node number.</param>
/// <param name="Namespace">The namespace name, <c>ftlab-&lt;topology&gt;-&lt;index&gt;</c>.</param>
/// <param name="Address">The node's IPv4 address on the topology's /24.</param>
/// <param name="Interface">The node's interface inside its namespace.</param>
public sealed record TopologyNode(int Index, string Namespace, string Address, string Interface);
