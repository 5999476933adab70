namespace FtActors.Kernel;

/// <summary>
/// How a parent reacts when a child fails: a decider maps the exception to a <see cref="Directive"/>, and a
/// restart budget (<see cref="MaxNrOfRetries"/> within <see cref="WithinTimeRange"/>) turns a Restart into a
/// Stop once the child keeps failing. Subclasses choose whether the directive hits only the failed child
/// (<see cref="OneForOneStrategy"/>) or all its siblings too (<see cref="AllForOneStrategy"/>).
/// </summary>
public abstract class SupervisorStrategy
{
    private readonly Func<Exception, Directive> _decider;

    /// <summary>Creates a strategy.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within the window; -1 for no limit, 0 to stop on the first failure.</param>
    /// <param name="withinTimeRange">The window the restarts are counted in.</param>
    /// <param name="decider">Maps an exception to a directive; null uses <see cref="DefaultDecider"/>.</param>
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive>? decider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNrOfRetries, -1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(withinTimeRange, TimeSpan.Zero);
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        _decider = decider ?? DefaultDecider;
    }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/> before the child is stopped instead (-1: unlimited).</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The window restarts are counted in; it starts at the first restart counted.</summary>
    public TimeSpan WithinTimeRange { get; }

    /// <summary>Whether a directive applies to every child rather than only the one that failed.</summary>
    public abstract bool AppliesToAllChildren { get; }

    /// <summary>
    /// The default strategy: one-for-one, Restart on any exception except <see cref="ActorInitializationException"/>
    /// and <see cref="ActorKilledException"/> (Stop), at most 10 restarts in one minute, then Stop.
    /// </summary>
    public static SupervisorStrategy Default { get; } = new OneForOneStrategy(10, TimeSpan.FromMinutes(1));

    /// <summary>Stop for initialisation failures and <see cref="Kill"/>; Restart for everything else.</summary>
    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>The directive for <paramref name="exception"/>.</summary>
    public Directive Decide(Exception exception) => _decider(exception);
}
