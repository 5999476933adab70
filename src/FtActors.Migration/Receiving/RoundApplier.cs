using System.Buffers.Binary;
using FtActors.Migration.Wire;

namespace FtActors.Migration.Receiving;

/// <summary>
/// The round frames of one page connection at the receiver: RoundStart, Batch (applied, then acked, which
/// returns the sender a credit) and RoundEnd (batch count checked, then RoundDone once every batch of the
/// round is written). Every connection of a session has its own.
/// </summary>
internal sealed class RoundApplier(PageConnection connection, PageReceiver receiver)
{
    private ulong _batches;

    /// <summary>Between a RoundStart and its RoundEnd.</summary>
    public bool InRound { get; private set; }

    /// <summary>Handles <paramref name="frame"/> when it is a round frame valid now; returns false for any other frame.</summary>
    public async Task<bool> HandleAsync(PageFrame frame, CancellationToken cancellationToken)
    {
        switch (frame.Type)
        {
            case PageFrameType.RoundStart when !InRound:
                InRound = true;
                _batches = 0;
                return true;
            case PageFrameType.Batch when InRound:
                receiver.Apply(frame.Payload);
                _batches++;
                await connection.WriteAsync(PageFrameType.Ack, frame.Correlation, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                return true;
            case PageFrameType.RoundEnd when InRound:
                var sent = frame.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload) : ulong.MaxValue;
                if (sent != _batches)
                {
                    throw new PageProtocolException($"{_batches} batches announced at the end of round {frame.Correlation}", $"{sent}", connection.BytesRead);
                }

                InRound = false;
                await connection.WriteAsync(PageFrameType.RoundDone, frame.Correlation, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }
}
