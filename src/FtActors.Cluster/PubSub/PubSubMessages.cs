using FtActors.Kernel;

namespace FtActors.Cluster.PubSub;

/// <summary>Marker of the commands the pub/sub mediator accepts.</summary>
public interface IPubSubCommand;

/// <summary>Deliver messages published on <paramref name="Topic"/> (on any node) to <paramref name="Subscriber"/>; acknowledged with <see cref="SubscribeAck"/>.</summary>
public sealed record Subscribe(string Topic, IActorRef Subscriber) : IPubSubCommand;

/// <summary>The subscription is in place on this node.</summary>
public sealed record SubscribeAck(string Topic, IActorRef Subscriber);

/// <summary>Stop delivering <paramref name="Topic"/> to <paramref name="Subscriber"/>.</summary>
public sealed record Unsubscribe(string Topic, IActorRef Subscriber) : IPubSubCommand;

/// <summary>
/// Send <paramref name="Message"/> to every subscriber of <paramref name="Topic"/> on every live member, at most once.
/// The message type must be registered in the mediator's serializer so it can cross the wire.
/// </summary>
public sealed record Publish(string Topic, object Message) : IPubSubCommand;

/// <summary>
/// The wire form of a publication between mediators: the topic and the message serialised under a registered
/// manifest (never a CLR type name, so a peer cannot make this node instantiate arbitrary types).
/// </summary>
/// <param name="Topic">Topic name.</param>
/// <param name="Manifest">The message's registered name.</param>
/// <param name="FormatVersion">The message's format version.</param>
/// <param name="Payload">The message as JSON bytes (base64 in the envelope).</param>
public sealed record PubSubEnvelope(string Topic, string Manifest, int FormatVersion, ReadOnlyMemory<byte> Payload);
