namespace FtActors.Kernel;

/// <summary>The cell's stash: a list of envelopes the actor chose to postpone.</summary>
internal sealed class ActorStash(ActorCell cell) : IStash
{
    private readonly List<Envelope> _items = [];

    public int Count => _items.Count;

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null)
        {
            throw new InvalidOperationException("Stash() expected a message being handled, found none (it was called outside a handler).");
        }

        _items.Add(current);
    }

    public void Unstash()
    {
        if (_items.Count == 0)
        {
            return;
        }

        var first = _items[0];
        _items.RemoveAt(0);
        cell.Prepend([first]);
    }

    public void UnstashAll()
    {
        if (_items.Count == 0)
        {
            return;
        }

        cell.Prepend(_items);
        _items.Clear();
    }

    public void DrainTo(DeadLetterActorRef deadLetters)
    {
        foreach (var envelope in _items)
        {
            deadLetters.Publish(envelope.Message, envelope.Sender, cell.SelfRef);
        }

        _items.Clear();
    }
}
