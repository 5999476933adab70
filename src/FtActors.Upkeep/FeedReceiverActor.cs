using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using FtActors.Migration.Wire;
using FtActors.Pages;
using FtActors.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Upkeep;

/// <summary>
/// The spare's end of one store feed. A read loop (a task the actor starts) takes frames off the connection,
/// re-hashes every page against the hash it came with, and hands verified pages and maps to the
/// <see cref="StoreWriterActor"/>; the actor writes an ack for each commit the writer reports. At most
/// <see cref="Credits"/> frames wait for their commit, so a slow disk slows the sender. Any malformed frame,
/// mismatched page or refused write aborts the feed; it is never resynchronised.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor ends in PostStop, which disposes them; actors are not IDisposable.")]
public sealed class FeedReceiverActor : ReceiveActor
{
    /// <summary>Frames read but not yet committed before the loop stops reading.</summary>
    public const int Credits = 16;

    private readonly FeedConnection _connection;
    private readonly IActorRef _writer;
    private readonly string _peer;
    private readonly IPageEngine _engine;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _credits = new(Credits, Credits);
    private readonly CancellationTokenSource _stopping = new();

    // Sequences handed to the writer and not yet acked: enqueued by the read loop, drained by the actor.
    private readonly System.Collections.Concurrent.ConcurrentQueue<ulong> _forwarded = new();

    /// <summary>Creates the actor; use <see cref="Props"/>, which Akka calls this through.</summary>
    public FeedReceiverActor(FeedConnection connection, IActorRef writer, string peer, IPageEngine? engine, ILogger? logger)
    {
        _connection = connection;
        _writer = writer;
        _peer = peer;
        _engine = engine ?? PageEngines.Default;
        _logger = logger ?? NullLogger.Instance;

        // Acks are written one at a time, in commit order, holding the mailbox until each is on the wire.
        // The writer reports only the highest committed sequence; the feed wants one ack per frame, so every
        // forwarded sequence up to it is acked here, oldest first.
        ReceiveAsync<FeedCommitted>(async c =>
        {
            while (_forwarded.TryPeek(out ulong seq) && seq <= c.Sequence)
            {
                _forwarded.TryDequeue(out _);
                await _connection.WriteAsync(PageFrameType.FeedAck, seq, ReadOnlyMemory<byte>.Empty, _stopping.Token).ConfigureAwait(false);
                _credits.Release();
            }
        });
        ReceiveAsync<FeedRejected>(async r =>
        {
            LogMessages.ReceiverBroken(_logger, _peer, r.Reason);
            await _connection.TryAbortAsync(r.Reason).ConfigureAwait(false);
            Context.Stop(Self);
        });
        Receive<Status.Success>(_ => Context.Stop(Self));
        Receive<Status.Failure>(f =>
        {
            LogMessages.ReceiverBroken(_logger, _peer, f.Cause.Message);
            _ = _connection.TryAbortAsync(f.Cause.Message);
            Context.Stop(Self);
        });
    }

    /// <summary>Creates the props; the actor owns <paramref name="connection"/> and closes it when it stops.</summary>
    public static Props Props(FeedConnection connection, IActorRef writer, string peer, IPageEngine? engine = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(writer);
        return Akka.Actor.Props.Create(() => new FeedReceiverActor(connection, writer, peer, engine, logger));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        IActorRef self = Self;
        ReadLoopAsync(self, _stopping.Token).PipeTo(self);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopping.Cancel();
        _ = _connection.DisposeAsync().AsTask();
        _stopping.Dispose();
        _credits.Dispose();
    }

    private async Task ReadLoopAsync(IActorRef self, CancellationToken ct)
    {
        FeedFrame first = await _connection.ReadAsync(PageFrameType.FeedHello, ct).ConfigureAwait(false);
        FeedHello hello = FeedJson.Parse(first, FeedJsonContext.Default.FeedHello);
        if (hello.Version != 1)
        {
            throw new UpkeepException($"store feed from {_peer}: expected feed version 1, found {hello.Version}");
        }

        HeldSnapshot held = await _writer.Ask<HeldSnapshot>(new GetHeld(), TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        var welcome = new FeedWelcome(held.Identity.StoreId, held.Identity.Generation, held.Hashes.Length);
        await _connection.WriteAsync(PageFrameType.FeedWelcome, 0, JsonSerializer.SerializeToUtf8Bytes(welcome, FeedJsonContext.Default.FeedWelcome), ct).ConfigureAwait(false);
        for (int start = 0; start < held.Hashes.Length; start += StoreFeedCodec.MaxHashesPerFrame)
        {
            int n = Math.Min(StoreFeedCodec.MaxHashesPerFrame, held.Hashes.Length - start);
            await _connection.WriteAsync(PageFrameType.FeedHeld, 0, StoreFeedCodec.EncodeHashes(held.Hashes.AsSpan(start, n)), ct).ConfigureAwait(false);
        }

        LogMessages.ReceiverStarted(_logger, _peer, hello.Guest);
        var map = new List<GuestMapEntry>();
        ulong? mapSequence = null;
        var actual = new PageHash[StoreFeedCodec.MaxPagesPerFrame];
        var types = new PageType[StoreFeedCodec.MaxPagesPerFrame];
        while (true)
        {
            FeedFrame frame;
            try
            {
                frame = await _connection.ReadAsync(ct).ConfigureAwait(false);
            }
            catch (UpkeepException) when (ct.IsCancellationRequested)
            {
                return;
            }

            switch (frame.Type)
            {
                case PageFrameType.FeedPages:
                    (PageHash[] hashes, byte[] pages) = StoreFeedCodec.DecodePages(frame.Payload);
                    _engine.Classify(pages, actual.AsSpan(0, hashes.Length), types.AsSpan(0, hashes.Length));
                    for (int i = 0; i < hashes.Length; i++)
                    {
                        if (types[i] == PageType.Zero || actual[i] != hashes[i])
                        {
                            throw new UpkeepException($"store feed from {_peer}: page {i} of batch {frame.Correlation}: expected bytes hashing to {hashes[i]}, found bytes hashing to {actual[i]}{(types[i] == PageType.Zero ? " (all zero)" : string.Empty)}");
                        }
                    }

                    await _credits.WaitAsync(ct).ConfigureAwait(false);
                    _forwarded.Enqueue(frame.Correlation);
                    _writer.Tell(new WritePages(frame.Correlation, [.. hashes], pages), self);
                    break;
                case PageFrameType.FeedMap:
                    if (mapSequence is not null && mapSequence != frame.Correlation)
                    {
                        throw new UpkeepException($"store feed from {_peer}: expected map part {mapSequence}, found map part {frame.Correlation}");
                    }

                    mapSequence = frame.Correlation;
                    map.AddRange(StoreFeedCodec.DecodeMap(frame.Payload));
                    break;
                case PageFrameType.FeedMapEnd:
                    (uint scans, DateTimeOffset at) = StoreFeedCodec.DecodeMapEnd(frame.Payload);
                    await _credits.WaitAsync(ct).ConfigureAwait(false);
                    _forwarded.Enqueue(frame.Correlation);
                    _writer.Tell(new WriteGuestMap(frame.Correlation, hello.Guest, [.. map], scans, at), self);
                    map.Clear();
                    mapSequence = null;
                    break;
                default:
                    throw new UpkeepException($"store feed from {_peer}: expected FeedPages, FeedMap or FeedMapEnd, found {frame.Type}");
            }
        }
    }
}
