namespace FtActors.Kernel;

/// <summary>A behaviour: handles one message and returns false when it did not handle it (then <c>Unhandled</c> runs).</summary>
public delegate bool ActorReceive(object message);
