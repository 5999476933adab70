namespace FtActors.Kernel;

/// <summary>A supervisor strategy whose directive applies only to the child that failed (the usual choice).</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy; see <see cref="SupervisorStrategy"/> for the parameters.</summary>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive>? decider = null)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    /// <summary>Creates the strategy with the default budget of 10 restarts per minute.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : base(10, TimeSpan.FromMinutes(1), decider)
    {
    }

    /// <inheritdoc />
    public override bool AppliesToAllChildren => false;
}
