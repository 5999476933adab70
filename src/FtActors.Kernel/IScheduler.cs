namespace FtActors.Kernel;

/// <summary>
/// Sends messages later, on the system's <see cref="TimeProvider"/> (so tests drive it with a manual clock).
/// Prefer an actor's own <see cref="ITimerScheduler"/>, whose timers die with the actor; use this one from outside actors.
/// </summary>
public interface IScheduler
{
    /// <summary>The clock the scheduler runs on.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> once, after <paramref name="delay"/>.</summary>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null);

    /// <summary>Tells <paramref name="message"/> after <paramref name="initialDelay"/> and then every <paramref name="interval"/>.</summary>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null);

    /// <summary>Runs <paramref name="action"/> once after <paramref name="delay"/> on a thread-pool thread (or the manual clock's caller).</summary>
    ICancelable ScheduleOnce(TimeSpan delay, Action action);
}
