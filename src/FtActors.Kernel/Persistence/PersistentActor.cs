namespace FtActors.Kernel.Persistence;

/// <summary>
/// An event-sourced actor. Commands arrive in <see cref="ReceiveCommand"/>, which validates them and calls
/// <see cref="Persist{TEvent}"/>; once the journal has stored the event, its handler updates the state. On start
/// (and restart) the state is rebuilt by <see cref="ReceiveRecover"/>: first a <see cref="SnapshotOffer"/> if a
/// snapshot exists, then every later event, then <see cref="RecoveryCompleted"/>.
/// </summary>
/// <remarks>
/// Recovery and every journal write run as awaited tasks that hold the mailbox (<see cref="IActorContext.RunTask"/>):
/// no thread blocks, and commands that arrive meanwhile wait in the mailbox, in order, until recovery or the
/// write is done. A failed write or recovery logs and stops the actor (a journal conflict means a second writer;
/// carrying on would fork the history).
/// </remarks>
public abstract class PersistentActor : ActorBase
{
    private readonly List<PendingBatch> _pending = [];
    private long _assignedSequenceNr;

    /// <summary>The stream this actor writes; stable across restarts and process restarts.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>Sequence number of the last event persisted or replayed (0 before any).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>True while the state is being rebuilt.</summary>
    public bool IsRecovering { get; private set; } = true;

    private PersistenceExtension Persistence => PersistenceExtension.Get(Context.System);

    /// <summary>Applies a replayed event, a <see cref="SnapshotOffer"/>, or <see cref="RecoveryCompleted"/>; must not have side effects.</summary>
    protected abstract bool ReceiveRecover(object message);

    /// <summary>Handles a command (only after recovery has completed).</summary>
    protected abstract bool ReceiveCommand(object message);

    /// <inheritdoc />
    protected sealed override bool Receive(object message) => ReceiveCommand(message);

    /// <summary>
    /// Writes <paramref name="event"/> to the journal, then calls <paramref name="handler"/> with it (and the
    /// current <c>Sender</c> still set). No other message is handled in between. Serializes at once, so an
    /// unregistered event type throws here.
    /// </summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull => PersistAll([@event], handler);

    /// <summary>Writes <paramref name="events"/> as one atomic batch, then calls <paramref name="handler"/> for each in order.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(handler);
        var serializer = Persistence.Serializer;
        var now = Context.System.TimeProvider.GetUtcNow();
        var items = new List<PendingEvent>();
        foreach (var @event in events)
        {
            var payload = serializer.Serialize(@event);
            var entry = new JournalEntry(PersistenceId, _assignedSequenceNr + items.Count + 1, payload.Manifest, payload.FormatVersion, payload.Payload, now);
            items.Add(new PendingEvent(entry, @event, e => handler((TEvent)e)));
        }

        if (items.Count > 0)
        {
            _assignedSequenceNr += items.Count;
            _pending.Add(new PendingBatch(items));
        }
    }

    /// <summary>
    /// Stores <paramref name="snapshot"/> as the state after <see cref="LastSequenceNr"/>, without holding the
    /// mailbox. The outcome arrives later as a <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/> command.
    /// </summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var persistence = Persistence;
        var payload = persistence.Serializer.Serialize(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, Context.System.TimeProvider.GetUtcNow());
        var entry = new SnapshotEntry(PersistenceId, LastSequenceNr, metadata.Timestamp, payload.Manifest, payload.FormatVersion, payload.Payload);
        var self = Self;
        persistence.SnapshotStore.SaveAsync(entry, CancellationToken.None).ContinueWith(
            t => self.Tell(t.IsCompletedSuccessfully
                ? new SaveSnapshotSuccess(metadata)
                : new SaveSnapshotFailure(metadata, t.Exception?.InnerException ?? new TaskCanceledException(t))),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Called when a journal write failed; the default logs and stops the actor.</summary>
    protected virtual void OnPersistFailure(Exception cause, object persistedEvent, long sequenceNr)
    {
        Log.PersistFailed(Cell.Logger, cause, Self.Path.ToString(), PersistenceId, sequenceNr);
        Context.Stop(Self);
    }

    /// <summary>Called when recovery failed (unreadable event, unknown manifest, store error); the default logs and stops the actor.</summary>
    protected virtual void OnRecoveryFailure(Exception cause)
    {
        Log.RecoveryFailed(Cell.Logger, cause, Self.Path.ToString(), PersistenceId);
        Context.Stop(Self);
    }

    internal override void AroundPreStart()
    {
        base.AroundPreStart();
        StartRecovery();
    }

    internal override void AroundPostRestart(Exception reason)
    {
        base.AroundPostRestart(reason);
        StartRecovery();
    }

    internal override bool AroundReceive(ActorReceive behavior, object message)
    {
        bool handled;
        try
        {
            handled = base.AroundReceive(behavior, message);
        }
        catch
        {
            // The command failed: nothing it asked to persist may be written.
            _pending.Clear();
            _assignedSequenceNr = LastSequenceNr;
            throw;
        }

        if (_pending.Count > 0)
        {
            Context.RunTask(FlushAsync());
        }

        return handled;
    }

    private void StartRecovery()
    {
        IsRecovering = true;
        _pending.Clear();
        Context.RunTask(RecoverAsync());
    }

    private async Task RecoverAsync()
    {
        try
        {
            var persistence = Persistence;
            var snapshot = await persistence.SnapshotStore.LoadAsync(PersistenceId, SnapshotSelectionCriteria.Latest, CancellationToken.None).ConfigureAwait(false);
            var from = 1L;
            if (snapshot is not null)
            {
                var state = persistence.Serializer.Deserialize(snapshot.Manifest, snapshot.FormatVersion, snapshot.Payload.Span);
                LastSequenceNr = snapshot.SequenceNr;
                ReceiveRecover(new SnapshotOffer(new SnapshotMetadata(PersistenceId, snapshot.SequenceNr, snapshot.Timestamp), state));
                from = snapshot.SequenceNr + 1;
            }

            await foreach (var entry in persistence.Journal.ReplayAsync(PersistenceId, from, long.MaxValue, long.MaxValue, CancellationToken.None).ConfigureAwait(false))
            {
                var @event = persistence.Serializer.Deserialize(entry.Manifest, entry.FormatVersion, entry.Payload.Span);
                LastSequenceNr = entry.SequenceNr;
                ReceiveRecover(@event);
            }

            var highest = await persistence.Journal.ReadHighestSequenceNrAsync(PersistenceId, CancellationToken.None).ConfigureAwait(false);
            LastSequenceNr = Math.Max(LastSequenceNr, highest);
            _assignedSequenceNr = LastSequenceNr;
            IsRecovering = false;
            ReceiveRecover(RecoveryCompleted.Instance);
            Log.Recovered(Cell.Logger, Self, PersistenceId, LastSequenceNr);
        }
        catch (Exception ex)
        {
            IsRecovering = false;
            OnRecoveryFailure(ex);
        }
    }

    private async Task FlushAsync()
    {
        var journal = Persistence.Journal;
        while (_pending.Count > 0)
        {
            var batch = _pending[0];
            _pending.RemoveAt(0);
            try
            {
                await journal.WriteAsync([.. batch.Items.Select(static i => i.Entry)], CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _pending.Clear();
                OnPersistFailure(ex, batch.Items[0].Event, batch.Items[0].Entry.SequenceNr);
                return;
            }

            foreach (var item in batch.Items)
            {
                LastSequenceNr = item.Entry.SequenceNr;
                item.Handler(item.Event);
            }
        }
    }

    private sealed record PendingEvent(JournalEntry Entry, object Event, Action<object> Handler);

    private sealed record PendingBatch(List<PendingEvent> Items);
}
