using FtActors.Kernel;
using FtActors.TestKit;

namespace FtActors.Remoting.Tests.Support;

/// <summary>A remoting node on 127.0.0.1 with a dictionary resolver and captured logs, for transport tests.</summary>
internal sealed class NodeHarness : IAsyncDisposable
{
    private NodeHarness(RemotingNode node, DictionaryResolver resolver, CapturingLoggerFactory logs)
    {
        Node = node;
        Resolver = resolver;
        Logs = logs;
    }

    public RemotingNode Node { get; }

    public DictionaryResolver Resolver { get; }

    public CapturingLoggerFactory Logs { get; }

    public static RemotingOptions Options(
        string cluster = "test",
        int port = 0,
        TlsOptions? tls = null,
        FaultInjectionOptions? faults = null,
        TimeSpan? heartbeatTimeout = null,
        TimeSpan? handshakeTimeout = null) => new()
        {
            ClusterId = cluster,
            Host = "127.0.0.1",
            Port = port,
            Tls = tls,
            FaultInjection = faults,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            HeartbeatTimeout = heartbeatTimeout ?? TestKitSettings.Dilated(TimeSpan.FromSeconds(10)),
            HandshakeTimeout = handshakeTimeout ?? TestKitSettings.Dilated(TimeSpan.FromSeconds(10)),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
            OutboundQueueCapacity = 1024,
        };

    public static NodeHarness Start(RemotingOptions? options = null, bool withStranger = false)
    {
        var resolver = new DictionaryResolver();
        var logs = new CapturingLoggerFactory();
        var node = RemotingNode.Start(options ?? Options(), TestRegistry.Create(withStranger), resolver, logs);
        return new NodeHarness(node, resolver, logs);
    }

    /// <summary>Adds a recording actor at /user/<paramref name="name"/>; an echo answers every Ping with a Pong.</summary>
    public ProbeRef AddProbe(string name, bool echo = false)
    {
        ProbeRef? probe = null;
        probe = new ProbeRef(
            $"ftactors://{Node.Address.System}/user/{name}",
            echo ? (message, sender) =>
            {
                if (message is Ping ping)
                {
                    sender?.Tell(new Pong(ping.Seq, ping.Text), probe);
                }
            }
            : null);
        Resolver.Add("/user/" + name, probe);
        return probe;
    }

    /// <summary>A remote reference from this node to <paramref name="name"/> on <paramref name="other"/>.</summary>
    public RemoteActorRef RefTo(NodeHarness other, string name, long incarnation = 0) =>
        Node.RemoteRef(ActorPath.Parse($"{other.Node.Address}/user/{name}"), incarnation);

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
