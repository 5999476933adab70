namespace FtActors.Health.Evacuation;

/// <summary>What the planner needs to know about one guest on the failing node.</summary>
/// <param name="Name">Guest name.</param>
/// <param name="RamBytes">Guest RAM size.</param>
/// <param name="Coverage">Fraction (0..1) of the guest's pages its spare's store already holds.</param>
/// <param name="DirtyBytesPerSecond">Estimated rate at which the running guest rewrites memory.</param>
/// <param name="Value">Operator-assigned worth (e.g. job size); breaks ties between guests of equal cost.</param>
public sealed record GuestProfile(string Name, long RamBytes, double Coverage, double DirtyBytesPerSecond, double Value = 1);
