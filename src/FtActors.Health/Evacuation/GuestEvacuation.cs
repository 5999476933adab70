namespace FtActors.Health.Evacuation;

/// <summary>The planner's decision for one guest.</summary>
/// <param name="Guest">Guest name.</param>
/// <param name="Order">Position in the evacuation order, from 1.</param>
/// <param name="Mode">Live or stop-and-copy.</param>
/// <param name="BytesToSend">Bytes the spare lacks (RAM not covered by its store).</param>
/// <param name="EstimatedDuration">Estimated time of this guest's migration in the chosen mode.</param>
/// <param name="EstimatedFinish">Estimated end, measured from the plan's start, with the guests before it.</param>
/// <param name="FinishesInTime">True if the estimated end is before the deadline.</param>
/// <param name="Reason">Why this mode and position, in words.</param>
public sealed record GuestEvacuation(string Guest, int Order, MigrationMode Mode, long BytesToSend, TimeSpan EstimatedDuration, TimeSpan EstimatedFinish, bool FinishesInTime, string Reason);
