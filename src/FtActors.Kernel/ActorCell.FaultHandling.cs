namespace FtActors.Kernel;

internal sealed partial class ActorCell
{
    private void HandleCreate()
    {
        try
        {
            var actor = NewActor();
            actor.AroundPreStart();
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex as ActorInitializationException
                ?? new ActorInitializationException(SelfRef.Path.ToString(), "the constructor or PreStart threw", ex));
        }
    }

    private void HandleResume(Resume resume)
    {
        if (resume.AfterFailure)
        {
            if (_failed)
            {
                _failed = false;
                _suspendCount--;
            }
        }
        else if (_suspendCount > 0)
        {
            _suspendCount--;
        }
    }

    /// <summary>
    /// Replaces the actor instance. The mailbox, the watch lists and the stash contents survive (stashed messages
    /// are put back in front of the mailbox); the failing message does not, it was consumed when it failed.
    /// </summary>
    private void HandleRecreate(Exception cause)
    {
        if (_terminating)
        {
            return;
        }

        if (_actor is { } old)
        {
            try
            {
                old.AroundPreRestart(cause, _failed ? _current.Message : null);
            }
            catch (Exception ex)
            {
                Log.HookFailed(Logger, ex, "PreRestart", SelfRef.Path.ToString());
            }
        }

        _timers?.CancelAll();
        _stash?.UnstashAll();
        _current = default;
        if (_failed)
        {
            _failed = false;
            _suspendCount--;
        }

        try
        {
            var actor = NewActor();
            actor.AroundPostRestart(cause);
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex as ActorInitializationException
                ?? new ActorInitializationException(SelfRef.Path.ToString(), "the constructor or PostRestart threw during a restart", ex));
        }
    }

    /// <summary>
    /// The actor threw: suspend user processing and ask the parent. Nothing is retried here; the parent answers
    /// with Resume, Recreate or Terminate, all system messages, which still flow while the actor is suspended.
    /// </summary>
    internal void HandleInvokeFailure(Exception cause)
    {
        if (_terminating)
        {
            Log.FailureWhileStopping(Logger, cause, SelfRef.Path.ToString());
            return;
        }

        if (_failed)
        {
            // Already waiting for the parent's verdict (a late async failure): one verdict is enough.
            Log.FailureWhileStopping(Logger, cause, SelfRef.Path.ToString());
            return;
        }

        _failed = true;
        _suspendCount++;
        if (_parent is not null)
        {
            _parent.SendSystemMessage(new Failed(SelfRef, cause));
        }
        else
        {
            Log.EscalatedToGuardian(Logger, cause, SelfRef.Path.ToString(), SelfRef.Path.ToString());
            HandleTerminate();
        }
    }

    private void HandleChildFailed(Failed failed)
    {
        if (_terminating || StatsOf(failed.Child) is not { } stats)
        {
            return; // a child we are already stopping, or a stale incarnation
        }

        var strategy = _props.SupervisorStrategy ?? _actor?.SupervisorStrategyOrNull ?? SupervisorStrategy.Default;
        var directive = strategy.Decide(failed.Cause);
        var childPath = failed.Child.Path.ToString();
        if (directive == Directive.Escalate && _guardian != GuardianKind.None)
        {
            // Nobody above a guardian can decide, and crashing the process is never the answer.
            Log.EscalatedToGuardian(Logger, failed.Cause, childPath, SelfRef.Path.ToString());
            Stop(failed.Child);
            return;
        }

        switch (directive)
        {
            case Directive.Resume:
                Log.ChildFailed(Logger, failed.Cause, childPath, nameof(Directive.Resume));
                failed.Child.SendSystemMessage(new Resume(afterFailure: true));
                break;

            case Directive.Restart when stats.RequestRestartPermission(strategy.MaxNrOfRetries, strategy.WithinTimeRange, System.TimeProvider):
                Log.ChildFailed(Logger, failed.Cause, childPath, nameof(Directive.Restart));
                foreach (var target in Targets(strategy, stats.Child))
                {
                    target.SendSystemMessage(new Recreate(failed.Cause));
                }

                break;

            case Directive.Restart:
                Log.RestartLimitExceeded(Logger, failed.Cause, childPath, strategy.MaxNrOfRetries, strategy.WithinTimeRange);
                foreach (var target in Targets(strategy, stats.Child))
                {
                    Stop(target);
                }

                break;

            case Directive.Stop:
                Log.ChildStopped(Logger, failed.Cause, childPath);
                foreach (var target in Targets(strategy, stats.Child))
                {
                    Stop(target);
                }

                break;

            default:
                HandleInvokeFailure(failed.Cause);
                break;
        }
    }

    private IReadOnlyList<LocalActorRef> Targets(SupervisorStrategy strategy, LocalActorRef failedChild)
    {
        if (!strategy.AppliesToAllChildren)
        {
            return [failedChild];
        }

        lock (_childLock)
        {
            return _children is null ? [] : [.. _children.Values.Select(static c => c.Child)];
        }
    }
}
