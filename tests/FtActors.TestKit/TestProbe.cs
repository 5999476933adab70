using System.Threading.Channels;
using FtActors.Kernel;
using Xunit;

namespace FtActors.TestKit;

/// <summary>
/// An actor reference for tests that records what it receives, so a test can expect messages in order. Behind
/// it is a real actor under <c>/system</c>, so it can be a sender, be watched, and watch others
/// (<see cref="Watch"/> then <see cref="ExpectTerminatedAsync"/>). The async <c>...Async</c> methods are the
/// primary API; the blocking ones exist for brevity outside xunit test bodies.
/// </summary>
public sealed class TestProbe : IActorRef
{
    private readonly Channel<ReceivedMessage> _received = Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleReader = true });

    internal TestProbe(ActorSystem system, string name)
    {
        Ref = system.SystemActorOf(Props.Create(() => new ProbeActor(_received.Writer)), name);
    }

    /// <summary>The probe's actor reference (what receivers see as <c>Sender</c>).</summary>
    public IActorRef Ref { get; }

    /// <inheritdoc />
    public ActorPath Path => Ref.Path;

    /// <summary>The sender of the last message taken from the probe, or null before any.</summary>
    public IActorRef? LastSender { get; private set; }

    /// <summary>The last message taken from the probe, or null before any.</summary>
    public object? LastMessage { get; private set; }

    /// <inheritdoc />
    public void Tell(object message, IActorRef? sender = null) => Ref.Tell(message, sender);

    /// <inheritdoc />
    public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default) =>
        Ref.TellAsync(message, sender, cancellationToken);

    /// <summary>Makes the probe watch <paramref name="target"/>; its <see cref="Terminated"/> is recorded like any message.</summary>
    public void Watch(IActorRef target) => Ref.Tell(new ProbeActor.WatchRequest(target));

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    public void Unwatch(IActorRef target) => Ref.Tell(new ProbeActor.UnwatchRequest(target));

    /// <summary>Sends <paramref name="message"/> to the sender of the last message, with the probe as sender.</summary>
    public void Reply(object message)
    {
        var target = LastSender ?? throw new InvalidOperationException("Reply expected a message taken from the probe first, found none.");
        target.Tell(message, Ref);
    }

    /// <summary>Sends the last message (or <paramref name="message"/>) to <paramref name="target"/>, keeping its original sender.</summary>
    public void Forward(IActorRef target, object? message = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var payload = message ?? LastMessage ?? throw new InvalidOperationException("Forward expected a message taken from the probe first, found none.");
        target.Tell(payload, LastSender);
    }

    /// <summary>Takes the next message, whatever it is.</summary>
    public async Task<ReceivedMessage> ReceiveOneAsync(TimeSpan? timeout = null)
    {
        var wait = WithinScope.Remaining(timeout);
        var received = await TryReceiveAsync(wait).ConfigureAwait(false);
        if (received is null)
        {
            Assert.Fail($"Probe {Path} expected a message within {wait}, found none.");
        }

        return received!;
    }

    /// <summary>Expects the next message to be a <typeparamref name="T"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null) => ExpectMsgAsync<T>(static _ => true, timeout);

    /// <summary>Expects the next message to be a <typeparamref name="T"/> for which <paramref name="predicate"/> holds.</summary>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var wait = WithinScope.Remaining(timeout);
        var received = await TryReceiveAsync(wait).ConfigureAwait(false);
        if (received is null)
        {
            Assert.Fail($"Probe {Path} expected a message of type {typeof(T).Name} within {wait}, found none.");
        }

        if (received!.Message is not T typed)
        {
            Assert.Fail($"Probe {Path} expected a message of type {typeof(T).Name}, found {received.Message.GetType().Name}: {received.Message}.");
            throw new InvalidOperationException(); // unreachable: Assert.Fail throws
        }

        if (!predicate(typed))
        {
            Assert.Fail($"Probe {Path} expected a {typeof(T).Name} matching the predicate, found {typed}.");
        }

        return typed;
    }

    /// <summary>Expects the next message to equal <paramref name="expected"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null)
        where T : notnull =>
        ExpectMsgAsync<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout);

    /// <summary>Expects no message for <paramref name="duration"/> (scaled by the time factor).</summary>
    public async Task ExpectNoMsgAsync(TimeSpan duration)
    {
        var received = await TryReceiveAsync(TestKitSettings.Dilated(duration)).ConfigureAwait(false);
        if (received is not null)
        {
            Assert.Fail($"Probe {Path} expected no message for {duration}, found {received.Message.GetType().Name}: {received.Message}.");
        }
    }

    /// <summary>Skips messages until one satisfies <paramref name="isTarget"/>, and returns it.</summary>
    public async Task<object> FishForMessageAsync(Func<object, bool> isTarget, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isTarget);
        var total = WithinScope.Remaining(timeout);
        var clock = TimeProvider.System;
        var start = clock.GetTimestamp();
        while (true)
        {
            var left = total - clock.GetElapsedTime(start);
            var received = left > TimeSpan.Zero ? await TryReceiveAsync(left).ConfigureAwait(false) : null;
            if (received is null)
            {
                Assert.Fail($"Probe {Path} fished for a matching message for {total} and found none.");
            }

            if (isTarget(received!.Message))
            {
                return received.Message;
            }
        }
    }

    /// <summary>Skips messages until a <typeparamref name="T"/> satisfying <paramref name="isTarget"/> arrives.</summary>
    public async Task<T> FishForMessageAsync<T>(Func<T, bool> isTarget, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isTarget);
        return (T)await FishForMessageAsync(m => m is T t && isTarget(t), timeout).ConfigureAwait(false);
    }

    /// <summary>Expects a <see cref="Terminated"/> for <paramref name="target"/> (call <see cref="Watch"/> first).</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(Unwrap(target)), timeout);
    }

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(TimeSpan?)"/>.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsgAsync<T>(timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(Func{T, bool}, TimeSpan?)"/>.</summary>
    public T ExpectMsg<T>(Func<T, bool> predicate, TimeSpan? timeout = null) => ExpectMsgAsync(predicate, timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectNoMsgAsync"/>.</summary>
    public void ExpectNoMsg(TimeSpan duration) => ExpectNoMsgAsync(duration).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="FishForMessageAsync(Func{object, bool}, TimeSpan?)"/>.</summary>
    public object FishForMessage(Func<object, bool> isTarget, TimeSpan? timeout = null) => FishForMessageAsync(isTarget, timeout).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="ExpectTerminatedAsync"/>.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => ExpectTerminatedAsync(target, timeout).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Ref.Equals(obj is TestProbe p ? p.Ref : obj);

    /// <inheritdoc />
    public override int GetHashCode() => Ref.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Ref.ToString() ?? string.Empty;

    private static IActorRef Unwrap(IActorRef actor) => actor is TestProbe p ? p.Ref : actor;

    private async Task<ReceivedMessage?> TryReceiveAsync(TimeSpan wait)
    {
        if (!_received.Reader.TryRead(out var received))
        {
            using var cts = new CancellationTokenSource(wait);
            try
            {
                received = await _received.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        LastMessage = received.Message;
        LastSender = received.Sender;
        return received;
    }
}
