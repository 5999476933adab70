using FtActors.Kernel;

namespace FtActors.Remoting;

/// <summary>
/// Resolves incoming paths in a kernel <see cref="ActorSystem"/>. The path on the wire names this node by its
/// network address (<c>ftactors://cluster@host:port/user/a</c>), which need not equal the system's own address
/// (the port may have been chosen at bind time), so only the path elements are kept and looked up under the
/// system's address.
/// </summary>
public sealed class ActorSystemResolver : ILocalActorResolver
{
    private readonly ActorSystem _system;

    /// <summary>Creates a resolver over <paramref name="system"/>.</summary>
    public ActorSystemResolver(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        _system = system;
    }

    /// <inheritdoc />
    public IActorRef? Resolve(ActorPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _system.Lookup(_system.Address + "/" + string.Join('/', path.Elements));
    }
}
