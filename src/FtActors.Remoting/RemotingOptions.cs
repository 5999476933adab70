using System.Globalization;

namespace FtActors.Remoting;

/// <summary>
/// Settings of one node's remoting. Validated by <see cref="Validate"/> when the node starts, so a bad value
/// fails fast with the option's name instead of surfacing as a hang later.
/// </summary>
public sealed class RemotingOptions
{
    /// <summary>The cluster id; it is the system name in every remote path (<c>ftactors://cluster@host:port/...</c>). Peers with another id are refused.</summary>
    public required string ClusterId { get; init; }

    /// <summary>Address to listen on and to advertise to peers.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free one (see <see cref="RemotingNode.Address"/>).</summary>
    public int Port { get; init; }

    /// <summary>This node's incarnation; 0 (the default) draws a fresh random one, which is what a restart should do.</summary>
    public long Incarnation { get; init; }

    /// <summary>Mutual TLS; null for plain TCP.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>Fault injection for tests; null or disabled in production.</summary>
    public FaultInjectionOptions? FaultInjection { get; init; }

    /// <summary>How often each side sends a heartbeat on an idle or busy association.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An association that has received nothing (not even a heartbeat) for this long is broken.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for TCP connect, TLS and the Hello/Welcome exchange.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages waiting per peer before <c>TellAsync</c> waits (and <c>Tell</c> drops with a warning).</summary>
    public int OutboundQueueCapacity { get; init; } = 4096;

    /// <summary>Encoded frames waiting per connection for the socket before senders wait.</summary>
    public int SendQueueCapacity { get; init; } = 256;

    /// <summary>Unread inbound bytes at which the connection stops reading the socket (TCP then slows the peer).</summary>
    public long InboundPauseThreshold { get; init; } = 1024 * 1024;

    /// <summary>Unread inbound bytes below which reading the socket resumes.</summary>
    public long InboundResumeThreshold { get; init; } = 512 * 1024;

    /// <summary>First delay before reconnecting to a peer; doubled per failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between reconnection attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clock for heartbeats, timeouts and backoff.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every option; throws <see cref="RemotingOptionsException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(ClusterId) || !ClusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new RemotingOptionsException(nameof(ClusterId), $"expected letters, digits, '-' or '_', found '{ClusterId}'");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new RemotingOptionsException(nameof(Host), "expected a host name or IP address, found an empty value");
        }

        if (Port is < 0 or > 65535)
        {
            throw new RemotingOptionsException(nameof(Port), string.Create(CultureInfo.InvariantCulture, $"expected 0..65535, found {Port}"));
        }

        RequirePositive(nameof(HeartbeatInterval), HeartbeatInterval);
        RequirePositive(nameof(HandshakeTimeout), HandshakeTimeout);
        RequirePositive(nameof(ReconnectMinDelay), ReconnectMinDelay);
        if (HeartbeatTimeout <= HeartbeatInterval)
        {
            throw new RemotingOptionsException(nameof(HeartbeatTimeout), $"expected more than HeartbeatInterval ({HeartbeatInterval}), found {HeartbeatTimeout}");
        }

        if (ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new RemotingOptionsException(nameof(ReconnectMaxDelay), $"expected at least ReconnectMinDelay ({ReconnectMinDelay}), found {ReconnectMaxDelay}");
        }

        if (OutboundQueueCapacity < 1 || SendQueueCapacity < 1)
        {
            throw new RemotingOptionsException(nameof(OutboundQueueCapacity), "expected queue capacities of at least 1");
        }

        // The pipe stops reading at the pause threshold; a frame larger than that could never be completed.
        if (InboundPauseThreshold <= Framing.FrameLimits.MaxControlFrame + Framing.FrameLimits.LengthPrefixSize)
        {
            throw new RemotingOptionsException(nameof(InboundPauseThreshold), $"expected more than the largest control frame ({Framing.FrameLimits.MaxControlFrame} bytes), found {InboundPauseThreshold}");
        }

        if (InboundResumeThreshold <= 0 || InboundResumeThreshold > InboundPauseThreshold)
        {
            throw new RemotingOptionsException(nameof(InboundResumeThreshold), $"expected 1..InboundPauseThreshold, found {InboundResumeThreshold}");
        }

        if (FaultInjection is { DropProbability: < 0 or > 1 })
        {
            throw new RemotingOptionsException("FaultInjection.DropProbability", "expected a probability between 0 and 1");
        }

        if (Tls is { Certificate.HasPrivateKey: false })
        {
            throw new RemotingOptionsException("Tls.Certificate", "expected a certificate with its private key");
        }
    }

    private static void RequirePositive(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new RemotingOptionsException(name, $"expected a positive duration, found {value}");
        }
    }
}
