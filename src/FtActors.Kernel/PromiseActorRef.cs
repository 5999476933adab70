namespace FtActors.Kernel;

/// <summary>
/// The temporary reply address of one <c>Ask</c>: the first message told to it completes the task; a timer on the
/// system's <see cref="TimeProvider"/> fails it with <see cref="AskTimeoutException"/>; the caller's token cancels it.
/// </summary>
internal sealed class PromiseActorRef<T> : InternalActorRef
{
    private readonly TaskCompletionSource<T> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorPath _path;
    private readonly string _targetPath;
    private readonly string _messageType;
    private readonly TimeSpan _timeout;
    private ITimer? _timer;
    private CancellationTokenRegistration _registration;

    public PromiseActorRef(ActorPath path, IActorRef target, object message, TimeSpan timeout)
    {
        _path = path;
        _targetPath = target.Path.ToString();
        _messageType = message.GetType().Name;
        _timeout = timeout;
    }

    public Task<T> Task => _promise.Task;

    public override ActorPath Path => _path;

    public override bool IsTerminated => _promise.Task.IsCompleted;

    public void Start(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _timer = timeProvider.CreateTimer(static s => ((PromiseActorRef<T>)s!).OnTimeout(), this, _timeout, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(static (s, ct) => ((PromiseActorRef<T>)s!).OnCancelled(ct), this);
        }
    }

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var done = message switch
        {
            T reply => _promise.TrySetResult(reply),
            Status.Failure failure => _promise.TrySetException(failure.Cause),
            _ => _promise.TrySetException(new UnexpectedReplyException(typeof(T), message)),
        };
        if (done)
        {
            Cleanup();
        }
    }

    public override void SendSystemMessage(SystemMessage message) => AnswerWatchAsDead(message);

    private void OnTimeout()
    {
        if (_promise.TrySetException(new AskTimeoutException(_targetPath, _messageType, _timeout)))
        {
            Cleanup();
        }
    }

    private void OnCancelled(CancellationToken token)
    {
        if (_promise.TrySetCanceled(token))
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        _timer?.Dispose();
        _registration.Dispose();
    }
}
