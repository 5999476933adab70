namespace FtActors.Kernel;

/// <summary>Request-reply on top of Tell.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary reply address and waits (asynchronously) for the first
    /// reply. Use at the edges (CLI, tests, admin endpoints); between actors prefer Tell plus a reply message.
    /// </summary>
    /// <typeparam name="T">The expected reply type.</typeparam>
    /// <param name="target">The actor asked.</param>
    /// <param name="message">The request.</param>
    /// <param name="timeout">How long to wait, measured on the target system's <see cref="TimeProvider"/>.</param>
    /// <param name="cancellationToken">Cancels the wait (the task then ends as cancelled, not failed).</param>
    /// <exception cref="AskTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    /// <exception cref="UnexpectedReplyException">The reply was not a <typeparamref name="T"/>.</exception>
    /// <remarks>A <see cref="Status.Failure"/> reply makes the task fail with its cause.</remarks>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var system = (target as LocalActorRef)?.Cell.System;
        var path = system?.NewTempPath()
            ?? new ActorPath(target.Path.Address, ["temp", "$" + Guid.NewGuid().ToString("N")], 0);
        var promise = new PromiseActorRef<T>(path, target, message, timeout);
        promise.Start(system?.TimeProvider ?? TimeProvider.System, cancellationToken);
        target.Tell(message, promise);
        return promise.Task;
    }
}
