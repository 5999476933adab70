using FtActors.Kernel.Persistence;

namespace FtActors.Persistence.Tests.Actors;

/// <summary>One recorded value; the event the tally persists.</summary>
public sealed record ValueRecorded(int Value);

/// <summary>
/// A persistent actor that records integers. An <c>int[]</c> command persists them as one batch and replies
/// with the last sequence number; a restarted tally reports its recovered values through a task.
/// </summary>
internal sealed class TallyActor(string persistenceId, TaskCompletionSource<int[]> recovered) : PersistentActor
{
    private readonly List<int> _values = [];

    public override string PersistenceId => persistenceId;

    public static EventSerializerRegistry Serializer() => new EventSerializerRegistry().Register<ValueRecorded>("value-recorded");

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case ValueRecorded recorded:
                _values.Add(recorded.Value);
                return true;
            case RecoveryCompleted:
                recovered.TrySetResult([.. _values]);
                return true;
            default:
                return false;
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        if (message is not int[] values)
        {
            return false;
        }

        var replyTo = Sender;
        var handled = 0;
        PersistAll(values.Select(v => new ValueRecorded(v)), e =>
        {
            _values.Add(e.Value);
            if (++handled == values.Length)
            {
                replyTo.Tell(LastSequenceNr);
            }
        });
        return true;
    }
}
