namespace FtActors.Kernel;

/// <summary>
/// A supervisor strategy whose Restart and Stop apply to every child when one fails: for children whose states
/// only make sense together. Resume still affects only the failed child, since the others did not fail.
/// </summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy; see <see cref="SupervisorStrategy"/> for the parameters.</summary>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive>? decider = null)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    /// <summary>Creates the strategy with the default budget of 10 restarts per minute.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider)
        : base(10, TimeSpan.FromMinutes(1), decider)
    {
    }

    /// <inheritdoc />
    public override bool AppliesToAllChildren => true;
}
