using FtActors.Kernel;
using Xunit;

namespace FtActors.TestKit;

/// <summary>
/// Base class for actor tests on xunit: each test gets a fresh <see cref="ActorSystem"/> (xunit makes one class
/// instance per test) that is terminated after the test, and a default probe, <see cref="TestActor"/>, whose
/// expectations are available directly on the test class. Named ActorTestKit rather than TestKit because a type
/// called TestKit would be hidden by the FtActors.TestKit namespace in any code under FtActors.
/// </summary>
public abstract class ActorTestKit : IAsyncLifetime
{
    private int _probeCount;

    /// <summary>Creates the system (named after the test class) with <paramref name="settings"/>.</summary>
    protected ActorTestKit(ActorSystemSettings? settings = null)
    {
        Sys = ActorSystem.Create(SanitizedName(GetType().Name), settings);
        TestActor = CreateTestProbe("testActor");
    }

    /// <summary>The system under test.</summary>
    protected ActorSystem Sys { get; }

    /// <summary>The default probe; pass it as sender to collect replies.</summary>
    protected TestProbe TestActor { get; }

    /// <summary>The sender of the last message <see cref="TestActor"/> took.</summary>
    protected IActorRef? LastSender => TestActor.LastSender;

    /// <summary>3 s scaled by <c>FTACTORS_TEST_TIMEFACTOR</c>.</summary>
    protected static TimeSpan DefaultTimeout => TestKitSettings.DefaultTimeout;

    /// <summary>Scales a duration by <c>FTACTORS_TEST_TIMEFACTOR</c>.</summary>
    protected static TimeSpan Dilated(TimeSpan duration) => TestKitSettings.Dilated(duration);

    /// <summary>A new probe in this test's system.</summary>
    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, name ?? "probe-" + Interlocked.Increment(ref _probeCount).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>See <see cref="TestProbe.ExpectMsgAsync{T}(TimeSpan?)"/>.</summary>
    protected Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null) => TestActor.ExpectMsgAsync<T>(timeout);

    /// <summary>See <see cref="TestProbe.ExpectMsgAsync{T}(Func{T, bool}, TimeSpan?)"/>.</summary>
    protected Task<T> ExpectMsgAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null) => TestActor.ExpectMsgAsync(predicate, timeout);

    /// <summary>See <see cref="TestProbe.ExpectMsgAsync{T}(T, TimeSpan?)"/>.</summary>
    protected Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null)
        where T : notnull => TestActor.ExpectMsgAsync(expected, timeout);

    /// <summary>See <see cref="TestProbe.ExpectNoMsgAsync"/>.</summary>
    protected Task ExpectNoMsgAsync(TimeSpan duration) => TestActor.ExpectNoMsgAsync(duration);

    /// <summary>See <see cref="TestProbe.FishForMessageAsync(Func{object, bool}, TimeSpan?)"/>.</summary>
    protected Task<object> FishForMessageAsync(Func<object, bool> isTarget, TimeSpan? timeout = null) => TestActor.FishForMessageAsync(isTarget, timeout);

    /// <summary>Makes <see cref="TestActor"/> watch <paramref name="target"/>.</summary>
    protected void Watch(IActorRef target) => TestActor.Watch(target);

    /// <summary>See <see cref="TestProbe.ExpectTerminatedAsync"/>.</summary>
    protected Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null) => TestActor.ExpectTerminatedAsync(target, timeout);

    /// <summary>Replies to the sender of the last message <see cref="TestActor"/> took.</summary>
    protected void Reply(object message) => TestActor.Reply(message);

    /// <summary>Forwards the last message <see cref="TestActor"/> took.</summary>
    protected void Forward(IActorRef target, object? message = null) => TestActor.Forward(target, message);

    /// <summary>Runs <paramref name="block"/>, failing unless it takes between <paramref name="min"/> and <paramref name="max"/> (scaled); expectations inside wait at most until max.</summary>
    protected static Task WithinAsync(TimeSpan min, TimeSpan max, Func<Task> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return WithinScope.RunAsync(min, max, async () =>
        {
            await block().ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>Like <see cref="WithinAsync(TimeSpan, TimeSpan, Func{Task})"/>, returning the block's result.</summary>
    protected static Task<T> WithinAsync<T>(TimeSpan min, TimeSpan max, Func<Task<T>> block) => WithinScope.RunAsync(min, max, block);

    /// <summary>
    /// Retries <paramref name="assertion"/> every <paramref name="interval"/> (default 50 ms) until it stops
    /// throwing or <paramref name="duration"/> (default timeout) runs out; then rethrows its last failure.
    /// </summary>
    protected static async Task AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var clock = TimeProvider.System;
        var total = WithinScope.Remaining(duration);
        var start = clock.GetTimestamp();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (clock.GetElapsedTime(start) < total)
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50), clock).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(TimeSpan?)"/>, for helpers that cannot be async.</summary>
    protected T ExpectMsg<T>(TimeSpan? timeout = null) => TestActor.ExpectMsg<T>(timeout);

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(Func{T, bool}, TimeSpan?)"/>.</summary>
    protected T ExpectMsg<T>(Func<T, bool> predicate, TimeSpan? timeout = null) => TestActor.ExpectMsg(predicate, timeout);

    /// <summary>Blocking form of <see cref="ExpectNoMsgAsync"/>.</summary>
    protected void ExpectNoMsg(TimeSpan duration) => TestActor.ExpectNoMsg(duration);

    /// <summary>Blocking form of <see cref="FishForMessageAsync"/>.</summary>
    protected object FishForMessage(Func<object, bool> isTarget, TimeSpan? timeout = null) => TestActor.FishForMessage(isTarget, timeout);

    /// <summary>Blocking form of <see cref="ExpectTerminatedAsync"/>.</summary>
    protected Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => TestActor.ExpectTerminated(target, timeout);

    /// <summary>Blocking form of <see cref="WithinAsync(TimeSpan, TimeSpan, Func{Task})"/> for a synchronous block.</summary>
    protected static void Within(TimeSpan min, TimeSpan max, Action block)
    {
        ArgumentNullException.ThrowIfNull(block);
        WithinScope.RunAsync(min, max, () =>
        {
            block();
            return Task.FromResult(true);
        }).GetAwaiter().GetResult();
    }

    /// <summary>Blocking form of <see cref="AwaitAssertAsync"/>.</summary>
    protected static void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null) =>
        AwaitAssertAsync(assertion, duration, interval).GetAwaiter().GetResult();

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Terminates the system, waiting at most 10 s (scaled) so a stuck actor cannot hang the test run.</summary>
    public virtual async Task DisposeAsync()
    {
        try
        {
            await Sys.TerminateAsync().WaitAsync(Dilated(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A test that leaves an actor awaiting forever must not fail the next one; the system is abandoned.
        }
    }

    private static string SanitizedName(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
}
