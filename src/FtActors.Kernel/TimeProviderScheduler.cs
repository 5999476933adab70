using Microsoft.Extensions.Logging;

namespace FtActors.Kernel;

/// <summary>The <see cref="IScheduler"/> of an actor system: one <see cref="ITimer"/> per scheduled action.</summary>
internal sealed class TimeProviderScheduler(TimeProvider timeProvider, ILogger logger) : IScheduler
{
    public TimeProvider TimeProvider { get; } = timeProvider;

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        return Schedule(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender), once: true);
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Schedule(initialDelay, interval, () => receiver.Tell(message, sender), once: false);
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Schedule(delay, Timeout.InfiniteTimeSpan, action, once: true);
    }

    private Scheduled Schedule(TimeSpan delay, TimeSpan period, Action action, bool once)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        var scheduled = new Scheduled(action, once, logger);
        scheduled.Arm(TimeProvider, delay, period);
        return scheduled;
    }

    private sealed class Scheduled(Action action, bool once, ILogger logger) : ICancelable
    {
        private ITimer? _timer;
        private volatile bool _cancelled;

        public bool IsCancellationRequested => _cancelled;

        public void Arm(TimeProvider timeProvider, TimeSpan delay, TimeSpan period)
        {
            var timer = timeProvider.CreateTimer(static s => ((Scheduled)s!).Run(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer = timer;
            timer.Change(delay, period); // armed only after _timer is set, so Run can always dispose it
        }

        public void Cancel()
        {
            _cancelled = true;
            _timer?.Dispose();
        }

        private void Run()
        {
            if (_cancelled)
            {
                return;
            }

            if (once)
            {
                Cancel();
            }

            try
            {
                action();
            }
            catch (Exception ex)
            {
                Log.ScheduledActionFailed(logger, ex);
            }
        }
    }
}
