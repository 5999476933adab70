namespace FtActors.Persistence.Membership;

/// <summary>
/// What a node offers the cluster. Stored in <c>cluster_members.roles</c> as lower-case names joined by
/// commas ("compute,spare").
/// </summary>
[Flags]
public enum NodeRoles
{
    /// <summary>No role: the node takes part in membership only.</summary>
    None = 0,

    /// <summary>Runs guest VMs.</summary>
    Compute = 1,

    /// <summary>Holds pre-deployed pages and receives migrating VMs.</summary>
    Spare = 2,
}
