namespace FtActors.Migration.Session;

/// <summary>
/// What a MigrationSession moves, where to, and the convergence rule. Validated by <see cref="Validate"/>
/// before the session starts.
/// </summary>
public sealed record MigrationOptions
{
    /// <summary>The guest's name (also its identity in the hello).</summary>
    public required string Guest { get; init; }

    /// <summary>The source QEMU's QMP socket.</summary>
    public required string QmpSocket { get; init; }

    /// <summary>The source guest's shared RAM file.</summary>
    public required string RamFile { get; init; }

    /// <summary>The receiver's page-connection address.</summary>
    public required string Host { get; init; }

    /// <summary>The receiver's page-connection port.</summary>
    public required int Port { get; init; }

    /// <summary>Guest memory in MiB (the RAM file's size).</summary>
    public int MemoryMiB { get; init; }

    /// <summary>QEMU machine type; must match at the destination.</summary>
    public string Machine { get; init; } = "pc";

    /// <summary>Lab workload fields that rebuild the guest's kernel command line at the destination.</summary>
    public string Workload { get; init; } = "idle";

    /// <summary>Lab workload size.</summary>
    public int Mb { get; init; }

    /// <summary>Lab workload vector size.</summary>
    public int VectorKb { get; init; } = 64;

    /// <summary>Lab workload iteration bound.</summary>
    public long Iterations { get; init; }

    /// <summary>Live rounds after round 0 at most; then stop-and-copy.</summary>
    public int MaxRounds { get; init; } = 6;

    /// <summary>Go to stop-and-copy once the pages still changing would move within this time at the measured rate.</summary>
    public TimeSpan DowntimeTarget { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Bytes per second the convergence rule assumes the link moves at least (default 100 MB/s, a 1 Gbit/s
    /// link): the rate measured so far is bytes sent over time spent, which is far below the link's when
    /// the store holds nearly everything and the time goes into hashing.
    /// </summary>
    public double LinkRateFloor { get; init; } = 100e6;

    /// <summary>Time the whole session may take (the predicted failure); when a round would overrun it, stop and copy at once.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Batches in flight without an ack: bounds the memory both ends hold (16 is about 64 MiB).</summary>
    public int CreditWindow { get; init; } = 16;

    /// <summary>Resume the destination at commit (false leaves it paused, for byte comparisons in tests).</summary>
    public bool ResumeDestination { get; init; } = true;

    /// <summary>Quit the source QEMU at commit.</summary>
    public bool QuitSource { get; init; } = true;

    /// <summary>Compare whole-RAM digests of both ends after the final round, before device state moves.</summary>
    public bool VerifyDigest { get; init; } = true;

    /// <summary>Mutual TLS on the page connection; null for plain TCP.</summary>
    public FtActors.Remoting.TlsOptions? Tls { get; init; }

    /// <summary>Longest wait for a credit (an ack) or a round's completion before the receiver is declared gone (a cut link never resets TCP).</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for each step that waits on the peer or on QEMU.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Page connections in parallel, each streaming one contiguous range of frames (hashing runs on one
    /// thread per connection, so 2 uses both cores of a 2-core node). See docs/migration.md for how the
    /// default was chosen.
    /// </summary>
    public int Connections { get; init; } = DefaultConnections;

    /// <summary>The default of <see cref="Connections"/>.</summary>
    public const int DefaultConnections = 2;

    /// <summary>
    /// How later rounds find changed pages: <see cref="DirtyTrackingMode.Auto"/> uses the host kernel's
    /// soft-dirty bits on QEMU's mapping when they work (needs <see cref="QemuPid"/>) and hashing otherwise.
    /// </summary>
    public DirtyTrackingMode DirtyTracking { get; init; } = DirtyTrackingMode.Auto;

    /// <summary>The source QEMU's process id (for soft-dirty tracking); null when unknown.</summary>
    public int? QemuPid { get; init; }

    /// <summary>Where the session's counters are exported as metrics; null for none.</summary>
    public MigrationMetrics? Metrics { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Guest))
        {
            throw new ArgumentException("a guest name was expected, found an empty one", nameof(Guest));
        }

        if (!File.Exists(RamFile))
        {
            throw new ArgumentException($"the source RAM file {RamFile} was expected to exist; it does not", nameof(RamFile));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"a port between 1 and 65535 was expected, found {Port}", nameof(Port));
        }

        if (MaxRounds < 0)
        {
            throw new ArgumentException($"max rounds of at least 0 was expected, found {MaxRounds}", nameof(MaxRounds));
        }

        if (Connections is < 1 or > 16)
        {
            throw new ArgumentException($"between 1 and 16 page connections were expected, found {Connections}", nameof(Connections));
        }

        if (CreditWindow < 1)
        {
            throw new ArgumentException($"a credit window of at least 1 was expected, found {CreditWindow}", nameof(CreditWindow));
        }
    }
}
