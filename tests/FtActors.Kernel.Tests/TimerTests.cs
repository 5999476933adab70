using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class TimerTests : ActorTestKit
{
    private readonly ManualTimeProvider _clock;

    public TimerTests()
        : this(new ManualTimeProvider())
    {
    }

    private TimerTests(ManualTimeProvider clock)
        : base(new ActorSystemSettings { TimeProvider = clock }) => _clock = clock;

    [Fact]
    public async Task SingleTimer_FiresOnlyAfterClockPassesDelay()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new Start("t", TimeSpan.FromSeconds(10), Periodic: false));
        await ExpectMsgAsync("started t");

        _clock.Advance(TimeSpan.FromSeconds(9));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("tick t", await ExpectMsgAsync<string>());
        _clock.Advance(TimeSpan.FromSeconds(30));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task PeriodicTimer_FiresEveryInterval()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new Start("p", TimeSpan.FromSeconds(5), Periodic: true));
        await ExpectMsgAsync("started p");

        _clock.Advance(TimeSpan.FromSeconds(15));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("tick p", await ExpectMsgAsync<string>());
        }
    }

    [Fact]
    public async Task CancelledTimer_NeverDelivers()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new Start("c", TimeSpan.FromSeconds(1), Periodic: false));
        await ExpectMsgAsync("started c");

        actor.Tell("cancel c");
        await ExpectMsgAsync("cancelled c");
        _clock.Advance(TimeSpan.FromSeconds(5));

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task RestartedTimer_SameKey_OnlyNewOneFires()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new Start("k", TimeSpan.FromSeconds(1), Periodic: false));
        actor.Tell(new Start("k", TimeSpan.FromSeconds(3), Periodic: false));
        await ExpectMsgAsync("started k");
        await ExpectMsgAsync("started k");

        _clock.Advance(TimeSpan.FromSeconds(2));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("tick k", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Scheduler_ScheduleTellOnce_UsesManualClock()
    {
        var cancelable = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMinutes(1), TestActor, "later");

        _clock.Advance(TimeSpan.FromSeconds(59));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("later", await ExpectMsgAsync<string>());
        Assert.True(cancelable.IsCancellationRequested);
    }

    [Fact]
    public async Task Scheduler_Repeatedly_CancelStopsIt()
    {
        var cancelable = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TestActor, "beat");

        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("beat", await ExpectMsgAsync<string>());
        Assert.Equal("beat", await ExpectMsgAsync<string>());
        cancelable.Cancel();
        _clock.Advance(TimeSpan.FromSeconds(10));

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void ManualTimeProvider_Advance_MovesClockAndTimestamp()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var t0 = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromMinutes(90));

        Assert.Equal(new DateTimeOffset(2030, 5, 1, 1, 30, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(90), clock.GetElapsedTime(t0));
    }

    [Fact]
    public void ManualTimeProvider_TimersFireInDueOrder()
    {
        var clock = new ManualTimeProvider();
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var periodic = clock.CreateTimer(_ => fired.Add("tick"), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(["early", "tick", "late", "tick"], fired);
        Assert.Equal(1, clock.ActiveTimerCount);
    }

    private sealed record Start(string Key, TimeSpan Delay, bool Periodic);

    private sealed class TimerActor : ReceiveActor
    {
        public TimerActor(IActorRef probe)
        {
            Receive<Start>(s =>
            {
                if (s.Periodic)
                {
                    Timers.StartPeriodicTimer(s.Key, "tick " + s.Key, s.Delay);
                }
                else
                {
                    Timers.StartSingleTimer(s.Key, "tick " + s.Key, s.Delay);
                }

                probe.Tell("started " + s.Key);
            });
            Receive<string>(s => s.StartsWith("cancel ", StringComparison.Ordinal), s =>
            {
                Timers.Cancel(s[7..]);
                probe.Tell("cancelled " + s[7..]);
            });
            Receive<string>(s => probe.Tell(s));
        }
    }
}
