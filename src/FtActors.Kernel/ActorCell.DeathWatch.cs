namespace FtActors.Kernel;

internal sealed partial class ActorCell
{
    private HashSet<IActorRef>? _watching;
    private HashSet<InternalActorRef>? _watchedBy;

    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var target = System.ResolveInternal(subject);
        IActorRef key = target ?? subject;
        if (!(_watching ??= []).Add(key))
        {
            return subject;
        }

        if (target is null)
        {
            // Nothing by that name exists, so it is as good as dead: the watcher gets its Terminated.
            SelfRef.SendSystemMessage(new DeathWatchNotification(subject));
        }
        else
        {
            target.SendSystemMessage(new Watch(target, SelfRef));
        }

        return subject;
    }

    public void Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var target = System.ResolveInternal(subject);
        if (_watching is not null && _watching.Remove(target ?? subject) && target is not null)
        {
            target.SendSystemMessage(new Unwatch(target, SelfRef));
        }
    }

    private void HandleWatch(Watch watch)
    {
        if (!watch.Watchee.Equals(SelfRef))
        {
            return;
        }

        if (_finished)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(SelfRef));
        }
        else
        {
            (_watchedBy ??= []).Add(watch.Watcher);
        }
    }

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        if (_terminating || _watching is null || !_watching.Remove(notification.Actor))
        {
            return;
        }

        // Terminated travels as a user message so it arrives after everything the dead actor sent us.
        var envelope = new Envelope(new Terminated(notification.Actor), notification.Actor);
        if (!Mailbox.TryPost(envelope))
        {
            // Only a full bounded mailbox refuses it; a death notice must not be lost, so it jumps the queue.
            (_prepended ??= new LinkedList<Envelope>()).AddLast(envelope);
            Mailbox.Schedule();
        }
    }

    private void NotifyWatchersAndUnwatch()
    {
        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
            {
                watcher.SendSystemMessage(new DeathWatchNotification(SelfRef));
            }

            _watchedBy = null;
        }

        if (_watching is not null)
        {
            foreach (var watched in _watching)
            {
                if (watched is InternalActorRef target)
                {
                    target.SendSystemMessage(new Unwatch(target, SelfRef));
                }
            }

            _watching = null;
        }
    }
}
