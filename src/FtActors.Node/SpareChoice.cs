namespace FtActors.Node;

/// <summary>Where a guest would move: the spare's migration receiver and how much of the guest it already holds.</summary>
/// <param name="Host">Receiver host (the spare's advertised address).</param>
/// <param name="Port">Receiver port.</param>
/// <param name="Member">The spare's membership address (host:port of its remoting).</param>
/// <param name="Coverage">Fraction of the guest's pages the spare's store holds.</param>
/// <param name="Source">Who chose: "membership", "coordinator" or "operator".</param>
public sealed record SpareChoice(string Host, int Port, string Member, double Coverage, string Source)
{
    /// <summary>host:port of the receiver.</summary>
    public string Receiver => $"{Host}:{Port}";
}
