using System.Text.Json;
using FtActors.Remoting.Framing;
using FtActors.Remoting.Transport;
using Microsoft.Extensions.Logging;

namespace FtActors.Remoting.Protocol;

/// <summary>Where an association's established traffic goes: the node's delivery path.</summary>
internal interface IAssociationListener
{
    /// <summary>A <c>Message</c> frame arrived on an established association (on the read loop; must not block).</summary>
    void OnMessage(Association association, in Frame frame);
}

/// <summary>
/// The protocol layer over one <see cref="FrameConnection"/>: the handshake (Hello → Welcome or Refuse),
/// heartbeats both ways, and <c>Disassociate</c>. The connecting side sends Hello; the accepting side checks the
/// protocol version and cluster id and answers Welcome, or Refuse with a reason and closes. Both sides then send
/// a heartbeat every interval and break the connection when nothing has arrived for the heartbeat timeout.
/// </summary>
internal sealed class Association : IFrameHandler, IAsyncDisposable
{
    private readonly FrameConnection _connection;
    private readonly HandshakeInfo _local;
    private readonly RemotingOptions _options;
    private readonly IAssociationListener _listener;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<HandshakeInfo> _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _timer;
    private long _lastReceived;
    private long _startedAt;
    private ulong _heartbeatSequence;
    private HandshakeInfo? _remote;

    public Association(FrameConnection connection, bool initiator, HandshakeInfo local, RemotingOptions options, IAssociationListener listener, ILogger logger)
    {
        _connection = connection;
        IsInitiator = initiator;
        _local = local;
        _options = options;
        _listener = listener;
        _logger = logger;
        _time = options.TimeProvider;
        _lastReceived = _startedAt = _time.GetTimestamp();
        _timer = _time.CreateTimer(static s => ((Association)s!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ = connection.Closed.ContinueWith(
            static (t, s) => ((Association)s!).OnClosed(t.Result), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public bool IsInitiator { get; }

    public FrameConnection Connection => _connection;

    /// <summary>The peer's identity once the handshake succeeded.</summary>
    public HandshakeInfo? Remote => Volatile.Read(ref _remote);

    /// <summary>Completes with the peer's identity, or faults with <see cref="HandshakeRefusedException"/>.</summary>
    public Task<HandshakeInfo> Established => _established.Task;

    /// <summary>Starts the connection loops and timers; the initiator sends its Hello.</summary>
    public void Start()
    {
        // Armed before the loops start, so no frame can be handled (and answered) before the clock is watched.
        _timer.Change(_options.HeartbeatInterval, _options.HeartbeatInterval);
        _connection.Start(this);
        if (IsInitiator)
        {
            _connection.TrySend(FrameType.Hello, 0, JsonSerializer.SerializeToUtf8Bytes(_local, ProtocolJsonContext.Default.HandshakeInfo));
        }
    }

    /// <summary>Sends <c>Disassociate(reason)</c> after the frames already queued, then closes.</summary>
    public Task DisassociateAsync(string reason)
    {
        _connection.TrySend(FrameType.Disassociate, 0, JsonSerializer.SerializeToUtf8Bytes(new HandshakeRefusal(reason), ProtocolJsonContext.Default.HandshakeRefusal));
        return _connection.CloseAsync(reason);
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    public void OnFrame(FrameConnection connection, in Frame frame)
    {
        Volatile.Write(ref _lastReceived, _time.GetTimestamp());
        var remote = Remote;
        if (remote is null)
        {
            OnHandshakeFrame(frame);
            return;
        }

        switch (frame.Type)
        {
            case FrameType.Heartbeat:
                break;
            case FrameType.Message:
                _listener.OnMessage(this, frame);
                break;
            case FrameType.Disassociate:
                var reason = ReadJson(frame, ProtocolJsonContext.Default.HandshakeRefusal).Reason;
                var peer = Describe(remote);
                Log.PeerDisassociated(_logger, peer, reason);
                _ = _connection.CloseAsync("peer disassociated: " + reason);
                break;
            default:
                ThrowHelper.ProtocolViolation("a Heartbeat, Message or Disassociate frame after the handshake", frame.Type.ToString(), frame.Offset + 7);
                break;
        }
    }

    private void OnHandshakeFrame(in Frame frame)
    {
        if (!IsInitiator)
        {
            if (frame.Type != FrameType.Hello)
            {
                ThrowHelper.ProtocolViolation("a Hello frame to open the association", frame.Type.ToString(), frame.Offset + 7);
            }

            var hello = ReadJson(frame, ProtocolJsonContext.Default.HandshakeInfo);
            var problem = Mismatch(hello);
            if (problem is not null)
            {
                Log.HandshakeRefusedByUs(_logger, _connection.Name, problem);
                _connection.TrySend(FrameType.Refuse, 0, JsonSerializer.SerializeToUtf8Bytes(new HandshakeRefusal(problem), ProtocolJsonContext.Default.HandshakeRefusal));
                _established.TrySetException(new HandshakeRefusedException(Describe(hello), problem));
                _ = _connection.CloseAsync("handshake refused: " + problem);
                return;
            }

            _connection.TrySend(FrameType.Welcome, 0, JsonSerializer.SerializeToUtf8Bytes(_local, ProtocolJsonContext.Default.HandshakeInfo));
            Complete(hello);
            return;
        }

        switch (frame.Type)
        {
            case FrameType.Welcome:
                var welcome = ReadJson(frame, ProtocolJsonContext.Default.HandshakeInfo);
                var problem = Mismatch(welcome);
                if (problem is not null)
                {
                    _established.TrySetException(new HandshakeRefusedException(_connection.Name, problem));
                    _ = DisassociateAsync(problem);
                    return;
                }

                Complete(welcome);
                break;
            case FrameType.Refuse:
                var refusal = ReadJson(frame, ProtocolJsonContext.Default.HandshakeRefusal).Reason;
                Log.HandshakeRefusedByPeer(_logger, _connection.Name, refusal);
                _established.TrySetException(new HandshakeRefusedException(_connection.Name, refusal));
                _ = _connection.CloseAsync("peer refused the handshake: " + refusal);
                break;
            default:
                ThrowHelper.ProtocolViolation("a Welcome or Refuse frame answering our Hello", frame.Type.ToString(), frame.Offset + 7);
                break;
        }
    }

    private void Complete(HandshakeInfo remote)
    {
        Volatile.Write(ref _remote, remote);
        var peer = Describe(remote);
        var direction = IsInitiator ? "outbound" : "inbound";
        Log.Associated(_logger, peer, remote.Incarnation, direction);
        _established.TrySetResult(remote);
    }

    private string? Mismatch(HandshakeInfo peer)
    {
        if (peer.ProtocolVersion != RemotingProtocol.Version)
        {
            return $"protocol version {peer.ProtocolVersion} is not supported (this node speaks {RemotingProtocol.Version})";
        }

        if (!string.Equals(peer.ClusterId, _local.ClusterId, StringComparison.Ordinal))
        {
            return $"cluster id '{peer.ClusterId}' does not match this node's '{_local.ClusterId}'";
        }

        if (peer.Incarnation == 0 || peer.Port is <= 0 or > 65535 || string.IsNullOrEmpty(peer.Host))
        {
            return "the handshake lacks a host, port or non-zero incarnation";
        }

        return null;
    }

    private static T ReadJson<T>(in Frame frame, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        try
        {
            var reader = new Utf8JsonReader(frame.Payload);
            return JsonSerializer.Deserialize(ref reader, info)
                ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            ThrowHelper.ProtocolViolation($"a JSON {typeof(T).Name} payload in the {frame.Type} frame", ex.Message, frame.Offset + FrameLimits.HeaderSize);
            throw;
        }
    }

    private void OnTick()
    {
        if (!_connection.IsOpen)
        {
            return;
        }

        if (Remote is null && _time.GetElapsedTime(_startedAt) > _options.HandshakeTimeout)
        {
            _established.TrySetException(new HandshakeRefusedException(_connection.Name, $"no handshake within {_options.HandshakeTimeout}"));
            _connection.Break($"no handshake within {_options.HandshakeTimeout}");
            return;
        }

        var silent = _time.GetElapsedTime(Volatile.Read(ref _lastReceived));
        if (silent > _options.HeartbeatTimeout)
        {
            _connection.Break($"nothing received for {silent.TotalSeconds:F1} s (heartbeat timeout {_options.HeartbeatTimeout})");
            return;
        }

        if (Remote is not null)
        {
            // A full send queue means frames are flowing anyway; skipping a heartbeat then loses nothing.
            _connection.TrySend(FrameType.Heartbeat, Interlocked.Increment(ref _heartbeatSequence), ReadOnlySpan<byte>.Empty);
        }
    }

    private void OnClosed(string reason)
    {
        _timer.Dispose();
        _established.TrySetException(new HandshakeRefusedException(_connection.Name, "connection closed before the handshake finished: " + reason));
    }

    private static string Describe(HandshakeInfo info) => $"{info.ClusterId}@{info.Host}:{info.Port}";
}
