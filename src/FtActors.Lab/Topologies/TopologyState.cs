namespace FtActors.Lab.Topologies;

/// <summary>A topology's record in <c>&lt;lab&gt;/topologies/&lt;name&gt;.json</c>.</summary>
/// <param name="Name">Topology name.</param>
/// <param name="Rate">Link rate as given (<c>1gbit</c>, <c>unlimited</c>...).</param>
/// <param name="Subnet">The /24 the nodes share, e.g. <c>10.77.3.0/24</c>.</param>
/// <param name="Nodes">The nodes, in index order.</param>
/// <param name="BridgeNamespace">The namespace holding the bridge (more than 2 nodes), or null for a direct veth pair.</param>
/// <param name="CreatedUtc">When it was created.</param>
public sealed record TopologyState(
    string Name,
    string Rate,
    string Subnet,
    IReadOnlyList<TopologyNode> Nodes,
    string? BridgeNamespace,
    DateTimeOffset CreatedUtc);
