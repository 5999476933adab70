using System.Text.Json.Serialization;

namespace FtActors.Remoting.Protocol;

/// <summary>
/// Payload of <c>Hello</c> and <c>Welcome</c> frames: who a node is. The connecting node sends it first; the
/// accepting node answers with its own, or with a <see cref="HandshakeRefusal"/>.
/// </summary>
/// <param name="ProtocolVersion">Remoting protocol version the node speaks (see <see cref="RemotingProtocol.Version"/>).</param>
/// <param name="ClusterId">The cluster the node belongs to; associations never cross clusters.</param>
/// <param name="Host">The host the node listens on (its advertised address).</param>
/// <param name="Port">The port the node listens on.</param>
/// <param name="Incarnation">Random per process start: tells a restarted node from its previous life.</param>
public sealed record HandshakeInfo(int ProtocolVersion, string ClusterId, string Host, int Port, long Incarnation);

/// <summary>Payload of <c>Refuse</c> and <c>Disassociate</c> frames.</summary>
/// <param name="Reason">Why, in words, for the other side's log.</param>
public sealed record HandshakeRefusal(string Reason);

/// <summary>Source-generated JSON for the protocol's own payloads: no reflection, trimming-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HandshakeInfo))]
[JsonSerializable(typeof(HandshakeRefusal))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
