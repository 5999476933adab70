using FtActors.Remoting.Serialization;

namespace FtActors.Cluster;

/// <summary>The cluster's entries in the remoting message registry.</summary>
public static class ClusterMessages
{
    /// <summary>Registers the messages members exchange (heartbeats, pub/sub envelopes); call before the remoting node starts.</summary>
    public static MessageRegistry Register(MessageRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register("ft.cluster.heartbeat", 1, ClusterJsonContext.Default.ClusterHeartbeat)
            .Register("ft.cluster.pubsub", 1, ClusterJsonContext.Default.PubSubEnvelope);
    }
}
