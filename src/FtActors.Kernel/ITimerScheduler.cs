namespace FtActors.Kernel;

/// <summary>
/// Per-actor timers keyed by any value. Starting a timer with a key in use replaces it, and a cancelled or
/// replaced timer's message is never delivered, even if it was already queued. All timers stop when the actor
/// stops or restarts. Time comes from the system's <see cref="TimeProvider"/>.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> to this actor once, after <paramref name="delay"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Sends <paramref name="message"/> to this actor every <paramref name="interval"/>, first after one interval.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>True while the timer exists (a single timer stops existing when its message is handled).</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer; its pending message, if queued, is discarded.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer of this actor.</summary>
    void CancelAll();
}
