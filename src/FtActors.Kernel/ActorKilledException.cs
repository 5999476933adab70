namespace FtActors.Kernel;

/// <summary>
/// Thrown inside an actor when it processes <see cref="Kill"/>. It makes the actor fail on purpose, so its
/// supervisor decides; the default decision for this exception is Stop.
/// </summary>
public sealed class ActorKilledException : FtActorsException
{
    /// <summary>Creates the exception for the actor at <paramref name="actorPath"/>.</summary>
    public ActorKilledException(string actorPath)
        : base($"Actor {actorPath} received Kill.")
    {
        ActorPath = actorPath;
    }

    /// <summary>Path of the killed actor.</summary>
    public string ActorPath { get; }
}
