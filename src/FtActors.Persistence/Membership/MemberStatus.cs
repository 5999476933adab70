namespace FtActors.Persistence.Membership;

/// <summary>
/// Where a node incarnation is in its life. Stored by name in <c>cluster_members.status</c> (the schema checks
/// the set), so renaming a member here is a schema change.
/// </summary>
public enum MemberStatus
{
    /// <summary>Started and written its row; not yet serving.</summary>
    Joining,

    /// <summary>Serving; probed by its peers.</summary>
    Active,

    /// <summary>Leaving on purpose; draining its VMs.</summary>
    ShuttingDown,

    /// <summary>Declared dead by its peers' votes (or by itself on a fatal fault). Final.</summary>
    Dead,

    /// <summary>Left cleanly after shutting down. Final.</summary>
    Left,
}
