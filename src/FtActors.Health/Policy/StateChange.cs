namespace FtActors.Health.Policy;

/// <summary>A check moved from one state to another.</summary>
/// <param name="Check">Check name.</param>
/// <param name="Source">Source name.</param>
/// <param name="From">Previous state (Unknown for a check seen for the first time).</param>
/// <param name="To">New state.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When the policy saw it.</param>
public sealed record StateChange(string Check, string Source, HealthState From, HealthState To, string Reason, DateTimeOffset At);
