using System.Collections.Immutable;

namespace FtActors.Health.Sources;

/// <summary>
/// Runs <c>ipmitool sel elist</c> (configurable) and reports new correctable / uncorrectable ECC entries since the
/// previous poll as event counts. The first poll records the highest entry id only.
/// </summary>
public sealed class IpmiSelSource(ImmutableArray<string> command, TimeSpan timeout, int correctedWarn, int uncorrectedFail) : IHealthSource
{
    private long? _lastId;

    /// <inheritdoc />
    public string Name => "ipmi-sel";

    /// <inheritdoc />
    public TimeSpan Timeout { get; } = timeout;

    /// <inheritdoc />
    public async Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken)
    {
        var run = await CommandRunner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (!run.Started || run.ExitCode != 0)
        {
            return [HealthReading.Unknown(Name, Name, $"{string.Join(' ', command)} exited {run.ExitCode}: {run.StandardError.Trim()}")];
        }

        var scan = IpmiOutputParser.ParseSelElist(run.StandardOutput, _lastId ?? long.MaxValue);
        bool first = _lastId is null;
        _lastId = first ? IpmiOutputParser.ParseSelElist(run.StandardOutput, -1).MaxId : scan.MaxId;
        int ce = first ? 0 : scan.Corrected, ue = first ? 0 : scan.Uncorrected;
        return
        [
            new HealthReading(Name, "ipmi-sel/corrected", ce, "events", correctedWarn, null, HealthState.Ok, $"{ce} new correctable SEL entries", ReadingKind.EventCount),
            new HealthReading(Name, "ipmi-sel/uncorrected", ue, "events", null, uncorrectedFail, HealthState.Ok, $"{ue} new uncorrectable SEL entries", ReadingKind.EventCount),
        ];
    }
}
