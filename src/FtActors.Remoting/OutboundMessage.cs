using FtActors.Kernel;

namespace FtActors.Remoting;

/// <summary>A message waiting in a peer's outbound queue; serialised only when the connection takes it.</summary>
internal readonly record struct OutboundMessage(RemoteActorRef Recipient, object Message, IActorRef? Sender);
