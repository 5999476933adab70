namespace FtActors.Health.Evacuation;

/// <summary>How a guest should move.</summary>
public enum MigrationMode
{
    /// <summary>Pre-copy while the guest runs, then a short pause: least downtime, more bytes.</summary>
    Live,

    /// <summary>Pause the guest and copy once: fewest bytes and a bounded time, at the cost of downtime.</summary>
    StopAndCopy,
}
