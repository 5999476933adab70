namespace FtActors.Remoting;

/// <summary>
/// Turns on the fault-injecting transport adapter. Off unless <see cref="Enabled"/> is set: production nodes never
/// pay for it. The initial settings can be changed later through <see cref="RemotingNode.Faults"/>.
/// </summary>
public sealed class FaultInjectionOptions
{
    /// <summary>Creates the adapter when true.</summary>
    public bool Enabled { get; init; }

    /// <summary>Random seed for drop decisions, so a failing test can be replayed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Probability (0..1) that an outbound actor message is dropped.</summary>
    public double DropProbability { get; init; }

    /// <summary>Delay added before each outbound frame (order is kept).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Outbound bandwidth cap in bytes per second; 0 for none.</summary>
    public long ThrottleBytesPerSecond { get; init; }

    /// <summary>Drop every frame in both directions, heartbeats included, so the peer eventually times out.</summary>
    public bool Blackhole { get; init; }
}
