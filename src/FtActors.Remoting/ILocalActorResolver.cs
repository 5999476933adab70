using FtActors.Kernel;

namespace FtActors.Remoting;

/// <summary>
/// Finds the local actor an incoming message is for. Remoting asks it for every inbound message whose recipient
/// is not a reply address it handed out itself (see <see cref="RemotingNode"/>).
/// </summary>
public interface ILocalActorResolver
{
    /// <summary>The live local actor at <paramref name="path"/> (compare by elements; the address names this node), or null.</summary>
    IActorRef? Resolve(ActorPath path);
}
