using System.Collections.Immutable;

namespace FtActors.Health.Policy;

/// <summary>What one evaluation of the policy produced.</summary>
/// <param name="Checks">Every check's current status.</param>
/// <param name="Changes">Checks whose state changed in this evaluation.</param>
/// <param name="Predictions">Predictions to publish (already filtered by maintenance and cool-down).</param>
public sealed record PolicyResult(ImmutableArray<CheckStatus> Checks, ImmutableArray<StateChange> Changes, ImmutableArray<FailurePrediction> Predictions);
