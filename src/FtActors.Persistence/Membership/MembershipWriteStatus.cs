namespace FtActors.Persistence.Membership;

/// <summary>How a conditional membership write ended. Losing a race is an expected outcome, not an error.</summary>
public enum MembershipWriteStatus
{
    /// <summary>The row change and the version bump were both committed.</summary>
    Applied,

    /// <summary>
    /// The table version changed since the caller read it: another node wrote first. Nothing was written;
    /// read the table again and decide anew.
    /// </summary>
    TableVersionChanged,

    /// <summary>An insert found a row for the same incarnation. Nothing was written.</summary>
    RowAlreadyExists,

    /// <summary>An update found no row for the incarnation. Nothing was written.</summary>
    RowNotFound,
}
