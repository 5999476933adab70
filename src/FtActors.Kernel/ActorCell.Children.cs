using System.Globalization;

namespace FtActors.Kernel;

/// <summary>Which guardian a cell is, if any: guardians never let a failure escape (see ActorCell.HandleChildFailed).</summary>
internal enum GuardianKind
{
    None,
    Root,
    User,
    System,
}

internal sealed partial class ActorCell
{
    // Guards _children and _stopping, and the transition into _terminating, so a child created from an outside
    // thread (system.ActorOf) is either stopped with its parent or refused a parent that is going away.
    private readonly Lock _childLock = new();
    // Created on first use: most actors never have children, and an idle actor should stay small.
    private Dictionary<string, ChildRestartStats>? _children;
    private HashSet<InternalActorRef>? _stopping;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null)
        {
            name = "$" + System.NextAutoName().ToString("x", CultureInfo.InvariantCulture);
        }
        else
        {
            ValidateName(name);
        }

        var cell = new ActorCell(System, props, SelfRef, SelfRef.Path.Child(name, System.NextUid()));
        bool stopAtOnce;
        lock (_childLock)
        {
            if (_children is not null && _children.ContainsKey(name))
            {
                throw new InvalidActorNameException(name, -1, $"the name is already used by a live child of {SelfRef.Path}");
            }

            stopAtOnce = _terminating;
            if (stopAtOnce)
            {
                (_stopping ??= []).Add(cell.SelfRef);
            }
            else
            {
                (_children ??= new(StringComparer.Ordinal)).Add(name, new ChildRestartStats(cell.SelfRef));
            }
        }

        cell.Start();
        if (stopAtOnce)
        {
            cell.SelfRef.SendSystemMessage(Terminate.Instance);
        }

        return cell.SelfRef;
    }

    /// <summary>Registers a guardian created by the system as a child of the root, so terminating the root stops it.</summary>
    internal void AdoptGuardian(ActorCell guardian)
    {
        lock (_childLock)
        {
            (_children ??= new(StringComparer.Ordinal)).Add(guardian.SelfRef.Path.Name, new ChildRestartStats(guardian.SelfRef));
        }
    }

    /// <summary>Rejects names a path cannot carry; names starting with '$' are reserved for generated ones.</summary>
    internal static void ValidateName(string name)
    {
        if (name.Length == 0)
        {
            throw new InvalidActorNameException(name, -1, "expected at least one character, found an empty name");
        }

        if (name[0] == '$')
        {
            throw new InvalidActorNameException(name, 0, "names starting with '$' are reserved for generated names");
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (!ActorPath.IsValidNameChar(name[i]))
            {
                throw new InvalidActorNameException(name, i, $"expected a letter, digit or one of -_.*$+:@&=,!~';(), found '{name[i]}'");
            }
        }
    }

    public IActorRef? Child(string name)
    {
        lock (_childLock)
        {
            return _children is not null && _children.TryGetValue(name, out var stats) ? stats.Child : null;
        }
    }

    public IReadOnlyList<IActorRef> GetChildren()
    {
        lock (_childLock)
        {
            return _children is null ? [] : [.. _children.Values.Select(static c => c.Child)];
        }
    }

    internal LocalActorRef? ChildRef(string name)
    {
        lock (_childLock)
        {
            return _children is not null && _children.TryGetValue(name, out var stats) ? stats.Child : null;
        }
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (System.ResolveInternal(actor) is not { } target)
        {
            return;
        }

        lock (_childLock)
        {
            if (_children is not null && _children.TryGetValue(target.Path.Name, out var stats) && stats.Child.Equals(target))
            {
                // Freeing the name now lets a restarted parent create a child of the same name at once.
                _children.Remove(target.Path.Name);
                (_stopping ??= []).Add(target);
            }
        }

        target.SendSystemMessage(Terminate.Instance);
    }

    private ChildRestartStats? StatsOf(InternalActorRef child)
    {
        lock (_childLock)
        {
            return _children is not null && _children.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child) ? stats : null;
        }
    }

    private void HandleChildTerminated(InternalActorRef child)
    {
        lock (_childLock)
        {
            if (_children is not null && _children.TryGetValue(child.Path.Name, out var stats) && stats.Child.Equals(child))
            {
                _children.Remove(child.Path.Name);
            }

            _stopping?.Remove(child);
        }

        TryFinishTerminate();
    }

    private void HandleTerminate()
    {
        if (_terminating)
        {
            return;
        }

        List<InternalActorRef> stopping;
        lock (_childLock)
        {
            _terminating = true;
            if (_children is not null)
            {
                foreach (var stats in _children.Values)
                {
                    (_stopping ??= []).Add(stats.Child);
                }

                _children.Clear();
            }

            stopping = _stopping is null ? [] : [.. _stopping];
        }

        _timers?.CancelAll();
        foreach (var child in stopping)
        {
            child.SendSystemMessage(Terminate.Instance);
        }

        TryFinishTerminate();
    }

    private void TryFinishTerminate()
    {
        lock (_childLock)
        {
            if (!_terminating || _finished || _stopping is { Count: > 0 } || _children is { Count: > 0 })
            {
                return;
            }
        }

        FinishTerminate();
    }

    /// <summary>All children are gone: run PostStop, close the mailbox, tell watchers and the parent.</summary>
    private void FinishTerminate()
    {
        _finished = true;
        if (_actor is { } actor)
        {
            try
            {
                actor.AroundPostStop();
            }
            catch (Exception ex)
            {
                Log.HookFailed(Logger, ex, "PostStop", SelfRef.Path.ToString());
            }
        }

        _actor = null;
        _behavior = null;
        _behaviorStack = null;
        _current = default;

        foreach (var leftover in Mailbox.Close())
        {
            if (leftover is Watch watch && watch.Watchee.Equals(SelfRef))
            {
                watch.Watcher.SendSystemMessage(new DeathWatchNotification(SelfRef));
            }
        }

        DrainToDeadLetters();
        NotifyWatchersAndUnwatch();
        if (_parent is not null)
        {
            _parent.SendSystemMessage(new ChildTerminated(SelfRef));
        }
        else
        {
            System.OnRootTerminated();
        }
    }

    private void DrainToDeadLetters()
    {
        var deadLetters = System.DeadLetterRef;
        if (_prepended is not null)
        {
            foreach (var envelope in _prepended)
            {
                deadLetters.Publish(envelope.Message, envelope.Sender, SelfRef);
            }

            _prepended = null;
        }

        _stash?.DrainTo(deadLetters);
        while (Mailbox.TryDequeue(out var envelope))
        {
            deadLetters.Publish(envelope.Message, envelope.Sender, SelfRef);
        }
    }

    /// <summary>What a parent remembers about one child: its reference and its recent restarts.</summary>
    private sealed class ChildRestartStats(LocalActorRef child)
    {
        private int _restarts;
        private long _windowStart;

        public LocalActorRef Child { get; } = child;

        /// <summary>
        /// Counts one more restart and says whether it is allowed: at most <paramref name="maxRetries"/> within a
        /// window of <paramref name="window"/> that starts at the first restart counted (a negative max means unlimited).
        /// </summary>
        public bool RequestRestartPermission(int maxRetries, TimeSpan window, TimeProvider clock)
        {
            if (maxRetries < 0)
            {
                return true;
            }

            if (maxRetries == 0)
            {
                return false;
            }

            var now = clock.GetTimestamp();
            if (_restarts == 0 || clock.GetElapsedTime(_windowStart, now) > window)
            {
                _windowStart = now;
                _restarts = 0;
            }

            _restarts++;
            return _restarts <= maxRetries;
        }
    }
}
