namespace FtActors.Kernel;

/// <summary>
/// A user message and its sender as stored in a mailbox. A struct, so the channel's ring segments hold it inline
/// and a Tell allocates nothing beyond the message the caller made.
/// </summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);
