namespace FtActors.Kernel;

/// <summary>
/// Turns the outcome of a task into a message, the way an actor consumes I/O without blocking its receive:
/// start the task, capture <c>Sender</c>, pipe the result to <c>Self</c> (or straight to the requester).
/// </summary>
public static class PipeToExtensions
{
    /// <summary>
    /// When <paramref name="task"/> completes, tells <paramref name="recipient"/> its result (or
    /// <paramref name="success"/>'s mapping of it), or a <see cref="Status.Failure"/> (or <paramref name="failure"/>'s mapping).
    /// </summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null, Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    object? reply = success is null ? t.Result : success(t.Result);
                    recipient.Tell(reply ?? new Status.Success(null), sender);
                }
                else
                {
                    var cause = Unwrap(t);
                    recipient.Tell(failure is null ? new Status.Failure(cause) : failure(cause), sender);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>When <paramref name="task"/> completes, tells <paramref name="recipient"/> a <see cref="Status.Success"/> or <see cref="Status.Failure"/>.</summary>
    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(
            t => recipient.Tell(t.IsCompletedSuccessfully ? new Status.Success(null) : new Status.Failure(Unwrap(t)), sender),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static Exception Unwrap(Task t) =>
        t.IsCanceled ? new TaskCanceledException(t) : t.Exception!.InnerExceptions.Count == 1 ? t.Exception.InnerException! : t.Exception;
}
