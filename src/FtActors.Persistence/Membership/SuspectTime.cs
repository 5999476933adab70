namespace FtActors.Persistence.Membership;

/// <summary>One vote that a member is dead: who suspected it, and when.</summary>
/// <param name="Suspecter">The node incarnation that cast the vote.</param>
/// <param name="At">When the vote was cast (millisecond precision once stored).</param>
public sealed record SuspectTime(MemberAddress Suspecter, DateTimeOffset At);
