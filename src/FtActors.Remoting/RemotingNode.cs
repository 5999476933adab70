using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text.Json;
using FtActors.Kernel;
using FtActors.Remoting.Framing;
using FtActors.Remoting.Protocol;
using FtActors.Remoting.Serialization;
using FtActors.Remoting.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Remoting;

/// <summary>
/// One node's remoting: a TCP (optionally mutual-TLS) listener, one outbound endpoint per peer, and the delivery
/// of inbound messages to local actors. Each node sends on its own outbound connection and receives on the
/// connections peers open to it, so the messages from one node to another travel in order over one connection.
/// Layers, bottom up: TCP/TLS stream → <see cref="FrameConnection"/> (frames, pipes, back-pressure) →
/// optional <see cref="FaultInjector"/> → <see cref="Association"/> (handshake, heartbeats, disassociate) →
/// <see cref="PeerEndpoint"/> (ordered queue, reconnect) and the inbound dispatcher here.
/// </summary>
public sealed class RemotingNode : IAsyncDisposable, IAssociationListener
{
    private readonly MessageRegistry _registry;
    private readonly ILocalActorResolver _resolver;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TcpListener _listener;
    private readonly TlsAuthenticator? _tls;
    private readonly HandshakeInfo _localInfo;
    private readonly ConcurrentDictionary<string, PeerEndpoint> _peers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Association, byte> _inbound = new();
    private readonly ConcurrentDictionary<string, WeakReference<IActorRef>> _exported = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _addressPrefix;
    private Task _acceptLoop = Task.CompletedTask;
    private long _quarantined;
    private long _undeliverable;
    private int _disposed;

    private RemotingNode(RemotingOptions options, MessageRegistry registry, ILocalActorResolver resolver, ILoggerFactory loggerFactory)
    {
        Options = options;
        _registry = registry;
        _resolver = resolver;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<RemotingNode>();
        Incarnation = options.Incarnation != 0 ? options.Incarnation : NewIncarnation();
        _tls = options.Tls is null ? null : new TlsAuthenticator(options.Tls);
        Faults = options.FaultInjection is { Enabled: true } f ? new FaultInjector(f, options.TimeProvider) : null;
        _listener = new TcpListener(IPAddress.Parse(ResolveListenAddress(options.Host)), options.Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Address = new Address(options.ClusterId, options.Host, port);
        _addressPrefix = Address.ToString();
        _localInfo = new HandshakeInfo(RemotingProtocol.Version, options.ClusterId, options.Host, port, Incarnation);
    }

    /// <summary>This node's network address, <c>ftactors://cluster@host:port</c>, with the port actually bound.</summary>
    public Address Address { get; }

    /// <summary>This process's incarnation of the node; a restart gets a new one and peers drop messages meant for the old.</summary>
    public long Incarnation { get; }

    /// <summary>The fault-injecting adapter, or null when <see cref="RemotingOptions.FaultInjection"/> did not enable it.</summary>
    public FaultInjector? Faults { get; }

    /// <summary>Messages dropped because they were addressed to another incarnation (here or at a peer), since start.</summary>
    public long QuarantinedMessages => Interlocked.Read(ref _quarantined);

    /// <summary>Inbound messages dropped for an unknown name, a bad body or no recipient, since start.</summary>
    public long UndeliverableMessages => Interlocked.Read(ref _undeliverable);

    internal RemotingOptions Options { get; }

    /// <summary>Validates the options, binds the listener and starts accepting peers.</summary>
    /// <param name="options">Node settings; validated here.</param>
    /// <param name="registry">The message types this node speaks; frozen by this call.</param>
    /// <param name="resolver">Finds local recipients of inbound messages (e.g. <see cref="ActorSystemResolver"/>).</param>
    /// <param name="loggerFactory">Logging; null for none.</param>
    /// <exception cref="RemotingOptionsException">An option is invalid.</exception>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public static RemotingNode Start(RemotingOptions options, MessageRegistry registry, ILocalActorResolver resolver, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(resolver);
        options.Validate();
        registry.Freeze();
        var node = new RemotingNode(options, registry, resolver, loggerFactory ?? NullLoggerFactory.Instance);
        node._acceptLoop = node.AcceptAsync();
        Log.Listening(node._logger, node._addressPrefix, node.Incarnation, options.Tls is not null);
        return node;
    }

    /// <summary>A reference to the actor at <paramref name="path"/> on another node of this cluster.</summary>
    /// <param name="path">A path with a network address, <c>ftactors://cluster@host:port/user/...</c>.</param>
    /// <param name="incarnation">Bind to one life of that node (0, the default, for whichever is running).</param>
    /// <exception cref="ArgumentException">The path has no host and port, or names another cluster.</exception>
    public RemoteActorRef RemoteRef(ActorPath path, long incarnation = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.Address.HasEndpoint || !string.Equals(path.Address.System, Address.System, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Expected a path of the form {Address.Protocol}://{Address.System}@host:port/..., found '{path}'.", nameof(path));
        }

        return new RemoteActorRef(this, path, incarnation);
    }

    /// <summary>Parses <paramref name="path"/> and returns <see cref="RemoteRef(ActorPath, long)"/> for it.</summary>
    /// <exception cref="InvalidActorPathException">The text is not an actor path.</exception>
    public RemoteActorRef RemoteRef(string path) => RemoteRef(ActorPath.Parse(path));

    /// <summary>Disassociates from every peer (they log "node shutting down"), stops listening and closes all connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        foreach (var peer in _peers.Values)
        {
            await peer.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var association in _inbound.Keys)
        {
            await association.DisassociateAsync("node shutting down").ConfigureAwait(false);
            await association.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }

        _stop.Dispose();
        Log.Stopped(_logger, _addressPrefix);
    }

    internal void Enqueue(RemoteActorRef recipient, object message, IActorRef? sender)
    {
        var peer = Peer(recipient);
        if (peer is null)
        {
            DropAfterStop(recipient, message);
        }
        else if (!peer.TryEnqueue(new OutboundMessage(recipient, message, sender)))
        {
            var type = message.GetType().Name;
            Log.OutboundQueueFull(_logger, peer.Name, type);
        }
    }

    internal ValueTask EnqueueAsync(RemoteActorRef recipient, object message, IActorRef? sender, CancellationToken cancellationToken)
    {
        var peer = Peer(recipient);
        if (peer is null)
        {
            DropAfterStop(recipient, message);
            return ValueTask.CompletedTask;
        }

        return peer.EnqueueAsync(new OutboundMessage(recipient, message, sender), cancellationToken);
    }

    /// <summary>Opens an outbound association: TCP connect, TLS, Hello/Welcome. Faults if any step fails or times out.</summary>
    internal async Task<Association> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.HandshakeTimeout);
        var name = $"to {host}:{port}";
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream stream;
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (_tls is not null)
        {
            try
            {
                stream = await _tls.AuthenticateAsClientAsync(stream, host, reason => Log.TlsFailed(_logger, null, name, reason), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        var connection = new FrameConnection(stream, name, Options, Faults, _logger);
        var association = new Association(connection, initiator: true, _localInfo, Options, this, _logger);
        association.Start();
        try
        {
            await association.Established.WaitAsync(timeout.Token).ConfigureAwait(false);
            return association;
        }
        catch
        {
            await association.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serialises one outbound message into <paramref name="scratch"/>; false (logged) when it must be dropped.</summary>
    internal bool Encode(in OutboundMessage message, long peerIncarnation, PooledBufferWriter scratch, Utf8JsonWriter json)
    {
        var recipient = message.Recipient;
        if (recipient.Incarnation != 0 && recipient.Incarnation != peerIncarnation)
        {
            Interlocked.Increment(ref _quarantined);
            var type = message.Message.GetType().Name;
            var path = recipient.Path.ToString();
            Log.QuarantinedOutbound(_logger, type, path, recipient.Incarnation, peerIncarnation);
            return false;
        }

        var binding = _registry.FindByType(message.Message.GetType());
        if (binding is null)
        {
            var type = message.Message.GetType().FullName ?? "?";
            var path = recipient.Path.ToString();
            Log.UnregisteredType(_logger, type, path);
            return false;
        }

        var (senderPath, senderIncarnation) = DescribeSender(message.Sender);
        scratch.Reset();
        EnvelopeCodec.WriteHeader(scratch, recipient.Incarnation, senderIncarnation, recipient.Path.ToString(), senderPath, binding.Manifest);
        json.Reset(scratch);
        binding.Write(json, message.Message);
        json.Flush();
        if (scratch.WrittenCount > FrameLimits.MaxControlPayload)
        {
            var type = message.Message.GetType().Name;
            var path = recipient.Path.ToString();
            Log.MessageTooLarge(_logger, type, path, scratch.WrittenCount);
            return false;
        }

        return true;
    }

    void IAssociationListener.OnMessage(Association association, in Frame frame)
    {
        var header = EnvelopeCodec.Read(frame.Payload, frame.Offset + FrameLimits.HeaderSize);
        var peer = association.Connection.Name;
        if (header.RecipientIncarnation != 0 && header.RecipientIncarnation != Incarnation)
        {
            Interlocked.Increment(ref _quarantined);
            Log.QuarantinedInbound(_logger, header.Manifest, header.Recipient, header.RecipientIncarnation, Incarnation);
            return;
        }

        var binding = _registry.FindByManifest(header.Manifest);
        if (binding is null)
        {
            Interlocked.Increment(ref _undeliverable);
            Log.UnknownManifest(_logger, header.Manifest, peer);
            return;
        }

        object message;
        try
        {
            message = binding.Read(header.Body);
        }
        catch (JsonException ex)
        {
            Interlocked.Increment(ref _undeliverable);
            Log.BadBody(_logger, ex, header.Manifest, peer);
            return;
        }

        var target = ResolveLocal(header.Recipient);
        if (target is null)
        {
            Interlocked.Increment(ref _undeliverable);
            Log.NoRecipient(_logger, header.Recipient, header.Manifest, peer);
            return;
        }

        IActorRef? sender = null;
        if (header.Sender is not null && ActorPath.TryParse(header.Sender, out var senderPath) && senderPath.Address.HasEndpoint)
        {
            sender = new RemoteActorRef(this, senderPath, header.SenderIncarnation);
        }

        target.Tell(message, sender);
    }

    private void DropAfterStop(RemoteActorRef recipient, object message)
    {
        // Like a Tell to a stopped local actor: the message is lost, not an exception for the sender.
        var type = message.GetType().Name;
        var path = recipient.Path.ToString();
        Log.SentAfterStop(_logger, type, path);
    }

    private static long NewIncarnation()
    {
        long value;
        do
        {
            value = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
        }
        while (value == 0);
        return value;
    }

    private static string ResolveListenAddress(string host) =>
        IPAddress.TryParse(host, out var ip) ? ip.ToString()
        : string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback.ToString()
        : IPAddress.Any.ToString();

    private static string LocalKey(ActorPath path) => "/" + string.Join('/', path.Elements);

    /// <summary>The endpoint for the recipient's node, created on first use; null once this node is stopping.</summary>
    private PeerEndpoint? Peer(RemoteActorRef recipient)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return null;
        }

        var address = recipient.Path.Address;
        var key = $"{address.Host}:{address.Port}";
        return _peers.GetOrAdd(key, static (_, s) => new PeerEndpoint(s.Node, s.Host, s.Port, s.Node._logger), (Node: this, Host: address.Host!, Port: address.Port!.Value));
    }

    /// <summary>
    /// The wire form of a sender. A local sender is named by this node's network address plus its path elements and
    /// remembered (weakly) under those elements, so a reply reaches it even if the kernel cannot look it up by path
    /// (an Ask's temporary reply address).
    /// </summary>
    private (string? Path, long Incarnation) DescribeSender(IActorRef? sender)
    {
        switch (sender)
        {
            case null:
                return (null, 0);
            case RemoteActorRef remote:
                return (remote.Path.ToString(), remote.Incarnation);
            default:
                var key = LocalKey(sender.Path);
                var entry = _exported.GetOrAdd(key, static (_, s) => new WeakReference<IActorRef>(s), sender);
                if (!entry.TryGetTarget(out var known) || !ReferenceEquals(known, sender))
                {
                    entry.SetTarget(sender);
                }

                if (_exported.Count > 10_000)
                {
                    PruneExported();
                }

                return (_addressPrefix + key, Incarnation);
        }
    }

    private void PruneExported()
    {
        foreach (var (key, reference) in _exported)
        {
            if (!reference.TryGetTarget(out _))
            {
                _exported.TryRemove(key, out _);
            }
        }
    }

    private IActorRef? ResolveLocal(string pathText)
    {
        if (!ActorPath.TryParse(pathText, out var path) || !string.Equals(path.Address.System, Address.System, StringComparison.Ordinal))
        {
            return null;
        }

        if (_exported.TryGetValue(LocalKey(path), out var weak) && weak.TryGetTarget(out var exported))
        {
            return exported;
        }

        return _resolver.Resolve(path);
    }

    private async Task AcceptAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            _ = HandleInboundAsync(socket, token);
        }
    }

    private async Task HandleInboundAsync(Socket socket, CancellationToken token)
    {
        socket.NoDelay = true;
        var name = $"from {socket.RemoteEndPoint}";
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_tls is not null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(Options.HandshakeTimeout);
            try
            {
                stream = await _tls.AuthenticateAsServerAsync(stream, reason => Log.TlsFailed(_logger, null, name, reason), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or System.ComponentModel.Win32Exception)
            {
                Log.TlsFailed(_logger, ex, name, "connection refused: " + ex.Message);
                await stream.DisposeAsync().ConfigureAwait(false);
                return;
            }
        }

        var connection = new FrameConnection(stream, name, Options, Faults, _logger);
        var association = new Association(connection, initiator: false, _localInfo, Options, this, _logger);
        _inbound.TryAdd(association, 0);
        try
        {
            association.Start();
            await connection.Closed.ConfigureAwait(false);
        }
        finally
        {
            _inbound.TryRemove(association, out _);
            await association.DisposeAsync().ConfigureAwait(false);
        }
    }
}
