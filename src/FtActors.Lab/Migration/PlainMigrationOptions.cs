namespace FtActors.Lab.Migration;

/// <summary>How <see cref="PlainMigration"/> drives QEMU's own migration.</summary>
public sealed record PlainMigrationOptions
{
    /// <summary>
    /// QEMU's <c>max-bandwidth</c> in bytes/s, or null to keep QEMU's default (128 MiB/s, which would
    /// hide the link). The baselines raise it to 10 GB/s so the shaped link is the limit.
    /// </summary>
    public long? MaxBandwidthBytesPerSecond { get; init; } = 10_000_000_000L;

    /// <summary>Give up (and <c>migrate_cancel</c>) when not finished after this long; non-convergence is a result, not an error.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often to poll <c>query-migrate</c>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Capabilities to set on both ends, e.g. <c>x-ignore-shared</c>.</summary>
    public IReadOnlyDictionary<string, bool> Capabilities { get; init; } = new Dictionary<string, bool>();
}
