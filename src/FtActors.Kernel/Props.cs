namespace FtActors.Kernel;

/// <summary>
/// An immutable recipe for an actor: how to construct it, its mailbox and (optionally) how it supervises its
/// children. The factory runs again on every restart, so it must build a fresh instance each time.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, MailboxOptions mailbox, SupervisorStrategy? strategy)
    {
        ActorType = actorType;
        _factory = factory;
        Mailbox = mailbox;
        SupervisorStrategy = strategy;
    }

    /// <summary>The actor class (for diagnostics).</summary>
    public Type ActorType { get; }

    /// <summary>The mailbox kind.</summary>
    public MailboxOptions Mailbox { get; }

    /// <summary>The strategy the actor uses for its children, overriding its own <c>SupervisorStrategy</c>; null to not override.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<T>()
        where T : ActorBase, new() =>
        new(typeof(T), static () => new T(), MailboxOptions.Unbounded, null);

    /// <summary>Props that build the actor with <paramref name="factory"/> (called once per start and restart).</summary>
    public static Props Create<T>(Func<T> factory)
        where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new(typeof(T), factory, MailboxOptions.Unbounded, null);
    }

    /// <summary>A copy with another mailbox.</summary>
    public Props WithMailbox(MailboxOptions mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return new(ActorType, _factory, mailbox, SupervisorStrategy);
    }

    /// <summary>A copy with another supervisor strategy for the actor's children.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new(ActorType, _factory, Mailbox, strategy);
    }

    internal static Props Guardian { get; } = Create(static () => new GuardianActor());

    internal ActorBase NewActor() => _factory();
}
