namespace FtActors.Kernel;

/// <summary>
/// An actor could not be created: its constructor, <c>PreStart</c> or <c>PostRestart</c> threw. The default
/// supervisor stops such an actor rather than restarting it, because a restart would run the same failing code.
/// </summary>
public sealed class ActorInitializationException : FtActorsException
{
    /// <summary>Creates the exception for the actor at <paramref name="actorPath"/>.</summary>
    public ActorInitializationException(string actorPath, string message, Exception? innerException)
        : base($"Actor {actorPath} failed to initialise: {message}", innerException)
    {
        ActorPath = actorPath;
    }

    /// <summary>Creates the exception without naming an actor (for example <c>new</c> used outside <c>ActorOf</c>).</summary>
    public ActorInitializationException(string message)
        : base(message)
    {
        ActorPath = string.Empty;
    }

    /// <summary>Path of the actor that failed to start, or empty when no actor was being created.</summary>
    public string ActorPath { get; }
}
