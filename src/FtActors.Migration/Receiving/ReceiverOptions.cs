using System.Net;
using FtActors.Remoting;

namespace FtActors.Migration.Receiving;

/// <summary>How the receiving end of a migration runs on a spare.</summary>
public sealed record ReceiverOptions
{
    /// <summary>Where to accept the page connection (an address of this node).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>The spare's pre-deploy page store directory, or null for none.</summary>
    public string? StorePath { get; init; }

    /// <summary>The destination RAM file; null puts it in the lab run directory. An existing file is replaced: round 0 relies on a fresh (all zero) file.</summary>
    public string? RamFile { get; init; }

    /// <summary>The destination guest's name; null gives the source's name with "-dst".</summary>
    public string? DestinationName { get; init; }

    /// <summary>Port the destination QEMU waits on for the device state; 0 gives the listen port + 1.</summary>
    public int DevicePort { get; init; }

    /// <summary>Mutual TLS on the page connection; null for plain TCP.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>Time allowed to wait for the sender's next frame before the session is given up.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where the receiver's counters are exported as metrics; null for none.</summary>
    public MigrationMetrics? Metrics { get; init; }

    /// <summary>
    /// Set when something keeps writing the store (a spare's upkeep): the store then opens only once a sender has
    /// connected, so the session reads the newest committed generation, and this is called first; what it returns
    /// (the store's collection hold) is disposed when the session ends. Null opens the store before listening.
    /// </summary>
    public Func<IDisposable>? StoreHold { get; init; }

    /// <summary>Extra QEMU arguments for the destination (tests use it to make QEMU fail to start).</summary>
    public IReadOnlyList<string> ExtraQemuArgs { get; init; } = [];
}
