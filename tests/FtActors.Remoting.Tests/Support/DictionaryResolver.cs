using System.Collections.Concurrent;
using FtActors.Kernel;

namespace FtActors.Remoting.Tests.Support;

/// <summary>Resolves "/user/name" style keys to registered refs; stands in for an actor system.</summary>
internal sealed class DictionaryResolver : ILocalActorResolver
{
    private readonly ConcurrentDictionary<string, IActorRef> _actors = new(StringComparer.Ordinal);

    public void Add(string elements, IActorRef actor) => _actors[elements] = actor;

    public IActorRef? Resolve(ActorPath path) => _actors.GetValueOrDefault("/" + string.Join('/', path.Elements));
}
