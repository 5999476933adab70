using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace FtActors.Kernel;

/// <summary>
/// A tree of actors sharing a clock, a scheduler, dead letters and an event stream. Top-level actors made with
/// <see cref="ActorOf"/> live under <c>/user</c>; kernel helpers (test probes, journals) under <c>/system</c>.
/// Dispose (or <see cref="TerminateAsync"/>) stops every actor, children before parents.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Type, object> _extensions = new();
    private long _uid;
    private long _autoName;
    private long _tempName;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        Address = new Address(name, settings.Host, settings.Port);
        TimeProvider = settings.TimeProvider;
        Logger = settings.LoggerFactory.CreateLogger("FtActors.Kernel");
        Scheduler = new TimeProviderScheduler(TimeProvider, Logger);
        var rootPath = new ActorPath(Address, ImmutableArray<string>.Empty, NextUid());
        DeadLetterRef = new DeadLetterActorRef(this, rootPath.Child("deadLetters", NextUid()));
        _root = new ActorCell(this, Props.Guardian, null, rootPath, GuardianKind.Root);
        _userGuardian = new ActorCell(this, Props.Guardian.WithSupervisorStrategy(settings.GuardianSupervisorStrategy), _root.SelfRef, rootPath.Child("user", NextUid()), GuardianKind.User);
        _systemGuardian = new ActorCell(this, Props.Guardian, _root.SelfRef, rootPath.Child("system", NextUid()), GuardianKind.System);
        _root.AdoptGuardian(_userGuardian);
        _root.AdoptGuardian(_systemGuardian);
        _root.Start();
        _userGuardian.Start();
        _systemGuardian.Start();
        Log.SystemStarted(Logger, name);
    }

    /// <summary>The system name, as it appears in paths.</summary>
    public string Name { get; }

    /// <summary>The validated settings the system was created with.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>The address every path of this system starts with.</summary>
    public Address Address { get; }

    /// <summary>The clock for every timer, scheduled message and ask timeout in this system.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Schedules messages on <see cref="TimeProvider"/>.</summary>
    public IScheduler Scheduler { get; }

    /// <summary>Publishes <see cref="DeadLetter"/> and <see cref="UnhandledMessage"/> events.</summary>
    public EventStream EventStream { get; } = new();

    /// <summary>The reference that swallows (and logs) undeliverable messages.</summary>
    public IActorRef DeadLetters => DeadLetterRef;

    /// <summary>Completes when every actor, guardians included, has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal DeadLetterActorRef DeadLetterRef { get; }

    internal ILogger Logger { get; }

    /// <summary>Creates and starts a system.</summary>
    /// <param name="name">Letters, digits, '-' and '_'; it becomes the address's system part.</param>
    /// <param name="settings">Options; null for the defaults.</param>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < name.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(name[i]) && name[i] is not ('-' or '_'))
            {
                throw new ArgumentException($"Actor system name '{name}' expected letters, digits, '-' or '_', found '{name[i]}' at offset {i}.", nameof(name));
            }
        }

        if (name.Length == 0)
        {
            throw new ArgumentException("Actor system name expected at least one character, found an empty name.", nameof(name));
        }

        settings ??= new ActorSystemSettings();
        settings.Validate();
        return new ActorSystem(name, settings);
    }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Creates an actor under <c>/system</c>, for infrastructure that should outlive nothing in <c>/user</c>.</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    /// <summary>Stops any actor of this system, asynchronously (watch it to learn when it is gone).</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ResolveInternal(actor) is LocalActorRef local && local.Path.Parent is { } parentPath && Lookup(parentPath) is LocalActorRef parent)
        {
            parent.Cell.Stop(local); // through the parent, so the name is freed at once
        }
        else
        {
            ResolveInternal(actor)?.SendSystemMessage(Terminate.Instance);
        }
    }

    /// <summary>Finds the live actor at <paramref name="path"/> (e.g. <c>ftactors://sys/user/a/b</c>), or null.</summary>
    public IActorRef? Lookup(string path) => ActorPath.TryParse(path, out var parsed) ? Lookup(parsed) : null;

    /// <summary>Finds the live actor at <paramref name="path"/>, or null when none lives there.</summary>
    public IActorRef? Lookup(ActorPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.Address.Equals(Address))
        {
            return null;
        }

        if (path.Elements is ["deadLetters"])
        {
            return DeadLetterRef;
        }

        var cell = _root;
        foreach (var element in path.Elements)
        {
            var child = cell.ChildRef(element);
            if (child is null)
            {
                return null;
            }

            cell = child.Cell;
        }

        return cell.SelfRef;
    }

    /// <summary>Stops every actor; the task completes when all have stopped (same as <see cref="WhenTerminated"/>).</summary>
    public Task TerminateAsync()
    {
        _root.SelfRef.SendSystemMessage(Terminate.Instance);
        return WhenTerminated;
    }

    /// <summary>Terminates the system and waits for it.</summary>
    public async ValueTask DisposeAsync() => await TerminateAsync().ConfigureAwait(false);

    /// <summary>Registers a system-wide service (a persistence back end, for example) under its type.</summary>
    public void RegisterExtension<T>(T extension)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(extension);
        _extensions[typeof(T)] = extension;
    }

    /// <summary>The service registered under <typeparamref name="T"/>, or null.</summary>
    public T? GetExtension<T>()
        where T : class =>
        _extensions.TryGetValue(typeof(T), out var value) ? (T)value : null;

    /// <inheritdoc />
    public override string ToString() => Address.ToString();

    internal long NextUid() => Interlocked.Increment(ref _uid);

    internal long NextAutoName() => Interlocked.Increment(ref _autoName);

    internal ActorPath NewTempPath() =>
        _root.SelfRef.Path.Child("temp", 0).Child("$" + Interlocked.Increment(ref _tempName).ToString(CultureInfo.InvariantCulture), 0);

    /// <summary>Maps any reference to the kernel's own, by path when it is a foreign wrapper; null when nothing lives there.</summary>
    internal InternalActorRef? ResolveInternal(IActorRef actor)
    {
        if (actor is InternalActorRef own)
        {
            return own;
        }

        return Lookup(actor.Path) is InternalActorRef found && (actor.Path.Uid == 0 || found.Path.Uid == actor.Path.Uid) ? found : null;
    }

    internal void OnRootTerminated()
    {
        Log.SystemTerminated(Logger, Name);
        _terminated.TrySetResult();
    }
}
