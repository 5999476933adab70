namespace FtActors.Cluster.Singleton;

/// <summary>Tells a singleton manager to stop its singleton for good (this node is leaving); replied to with <see cref="SingletonHandedOver"/>.</summary>
public sealed record HandOverSingleton;

/// <summary>The singleton of this node has stopped (or was not running), so the next oldest member may start it.</summary>
public sealed record SingletonHandedOver(string Name);
