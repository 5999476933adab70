namespace FtActors.Node;

/// <summary>The Akka.NET cluster roles a node can have (<c>ftactors.cluster.roles</c>).</summary>
public static class NodeRoleNames
{
    /// <summary>Runs guests; they are watched, pre-deployed and evacuated.</summary>
    public const string Compute = "compute";

    /// <summary>Keeps pre-deployed pages and receives migrations.</summary>
    public const string Spare = "spare";
}
