using System.Text.Json;
using System.Threading.Channels;
using FtActors.Remoting.Framing;
using FtActors.Remoting.Protocol;
using Microsoft.Extensions.Logging;

namespace FtActors.Remoting;

/// <summary>
/// Everything this node sends to one peer goes through one endpoint: a bounded queue (senders using
/// <c>TellAsync</c> wait when it is full) drained in order into one outbound association. The endpoint connects
/// lazily when the first message is queued, and after a broken connection reconnects with exponential backoff
/// (doubling from <see cref="RemotingOptions.ReconnectMinDelay"/> up to <see cref="RemotingOptions.ReconnectMaxDelay"/>).
/// A message already taken from the queue when the connection breaks is lost: delivery is at most once.
/// </summary>
internal sealed class PeerEndpoint : IAsyncDisposable
{
    private readonly RemotingNode _node;
    private readonly Channel<OutboundMessage> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly Task _loop;
    private Association? _current;
    private long _incarnation;
    private OutboundMessage? _unsent; // taken from the queue but refused by a closing connection: never on the wire

    public PeerEndpoint(RemotingNode node, string host, int port, ILogger logger)
    {
        _node = node;
        Host = host;
        Port = port;
        _logger = logger;
        _queue = Channel.CreateBounded<OutboundMessage>(new BoundedChannelOptions(node.Options.OutboundQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        _loop = Task.Run(RunAsync);
    }

    public string Host { get; }

    public int Port { get; }

    public string Name => $"{Host}:{Port}";

    /// <summary>Incarnation of the peer at the last successful handshake; 0 before the first.</summary>
    public long Incarnation => Interlocked.Read(ref _incarnation);

    public bool TryEnqueue(in OutboundMessage message) => _queue.Writer.TryWrite(message);

    public ValueTask EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(message, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        var current = _current;
        if (current is not null)
        {
            await current.DisassociateAsync("node shutting down").ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is not an error.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var failures = 0;
        var token = _stop.Token;
        while (_unsent is not null || await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
        {
            Association association;
            try
            {
                association = await _node.ConnectAsync(Host, Port, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // The endpoint loop is a boundary: whatever failed (socket, TLS, refusal, timeout), retry later
                // rather than leave the peer unreachable for the rest of the process.
                var delay = Backoff(failures++);
                Log.ConnectFailed(_logger, Name, delay, ex.Message);
                await Task.Delay(delay, _node.Options.TimeProvider, token).ConfigureAwait(false);
                continue;
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                // Stopping: whatever the half-made connection failed with no longer matters.
                return;
            }

            var time = _node.Options.TimeProvider;
            var connectedAt = time.GetTimestamp();
            var remote = association.Remote!;
            var previous = Interlocked.Exchange(ref _incarnation, remote.Incarnation);
            if (previous != 0 && previous != remote.Incarnation)
            {
                Log.PeerRestarted(_logger, Name, previous, remote.Incarnation);
            }

            _current = association;
            try
            {
                await PumpAsync(association, remote.Incarnation, token).ConfigureAwait(false);
            }
            finally
            {
                _current = null;
                await association.DisposeAsync().ConfigureAwait(false);
            }

            // Only an association that lasted counts as success; a peer that accepts and drops us at once would
            // otherwise be reconnected to in a tight loop.
            if (time.GetElapsedTime(connectedAt) >= _node.Options.ReconnectMaxDelay)
            {
                failures = 0;
            }
            else if (!token.IsCancellationRequested)
            {
                await Task.Delay(Backoff(failures++), time, token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Moves queued messages onto the connection until it closes or the queue completes.</summary>
    private async Task PumpAsync(Association association, long peerIncarnation, CancellationToken stop)
    {
        var connection = association.Connection;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, connection.ClosedToken);
        using var scratch = new PooledBufferWriter();
        using var json = new Utf8JsonWriter(scratch, new JsonWriterOptions { SkipValidation = true });
        try
        {
            if (_unsent is { } first)
            {
                _unsent = null;
                if (!await SendAsync(first).ConfigureAwait(false))
                {
                    return;
                }
            }

            while (await _queue.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var message))
                {
                    if (!await SendAsync(message).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // The connection closed while we waited: reconnect in the caller's loop.
        }

        async ValueTask<bool> SendAsync(OutboundMessage message)
        {
            if (!_node.Encode(message, peerIncarnation, scratch, json))
            {
                return true;
            }

            if (await connection.SendAsync(FrameType.Message, 0, scratch.WrittenSpan, linked.Token).ConfigureAwait(false))
            {
                return true;
            }

            // The connection refused it before it reached the wire, so sending it on the next one keeps order
            // and still delivers at most once.
            _unsent = message;
            return false;
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var options = _node.Options;
        var factor = Math.Pow(2, Math.Min(failures, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.ReconnectMinDelay.Ticks * factor, options.ReconnectMaxDelay.Ticks));
        // Jitter keeps a cluster of nodes that lost the same peer from reconnecting in lockstep.
        return delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }
}
