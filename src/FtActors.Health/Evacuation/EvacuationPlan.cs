using System.Collections.Immutable;

namespace FtActors.Health.Evacuation;

/// <summary>An ordered evacuation of a node's guests.</summary>
/// <param name="Node">The node being evacuated.</param>
/// <param name="TimeLeft">Time from planning to the predicted failure.</param>
/// <param name="Guests">Guests in the order they should move.</param>
public sealed record EvacuationPlan(string Node, TimeSpan TimeLeft, ImmutableArray<GuestEvacuation> Guests)
{
    /// <summary>True when every guest is estimated to finish before the deadline.</summary>
    public bool AllInTime => Guests.All(g => g.FinishesInTime);
}
