using System.Text.Json.Serialization;
using FtActors.Cluster.Membership;
using FtActors.Cluster.PubSub;

namespace FtActors.Cluster;

/// <summary>Source-generated JSON contracts of the cluster's wire messages (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClusterHeartbeat))]
[JsonSerializable(typeof(PubSubEnvelope))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
