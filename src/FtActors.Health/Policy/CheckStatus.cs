namespace FtActors.Health.Policy;

/// <summary>The policy's current view of one check.</summary>
/// <param name="Check">Check name.</param>
/// <param name="Source">Source that produced it.</param>
/// <param name="State">State after hysteresis, windows and trends.</param>
/// <param name="Reason">Why.</param>
/// <param name="Value">Last value, or the windowed count for event checks.</param>
/// <param name="TimeToFailure">Estimated time to the critical limit from the trend, if any.</param>
/// <param name="Confidence">The trend's confidence, if any.</param>
/// <param name="Unit">The unit of <paramref name="Value"/> (<c>C</c>, <c>RPM</c>, ...), the last one a reading of the check
/// named (an unknown reading names none); empty when no reading did.</param>
public sealed record CheckStatus(string Check, string Source, HealthState State, string Reason, double? Value, TimeSpan? TimeToFailure, double? Confidence, string Unit = "");
