using System.Collections.Immutable;

namespace FtActors.Health.Sources;

/// <summary>
/// Reads EDAC memory-controller counters (<c>mcN/ce_count</c>, <c>ue_count</c>) under a root (default
/// <c>/sys/devices/system/edac/mc</c>) and reports the errors new since the previous poll as event counts; the
/// policy turns them into rates over its window. The first poll only records a baseline, since lifetime counts
/// say nothing about now. A counter that went down (reset_counters) counts from zero.
/// </summary>
public sealed class EdacSource(string root, TimeSpan timeout, int correctedWarn, int uncorrectedFail) : IHealthSource
{
    private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "edac";

    /// <inheritdoc />
    public TimeSpan Timeout { get; } = timeout;

    /// <inheritdoc />
    public async Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            return [HealthReading.Unknown(Name, Name, $"EDAC root {root} does not exist (no EDAC driver loaded?)")];
        }

        var result = ImmutableArray.CreateBuilder<HealthReading>();
        foreach (var mc in Directory.EnumerateDirectories(root, "mc*").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(mc);
            foreach (var (file, kind) in new[] { ("ce_count", "corrected"), ("ue_count", "uncorrected") })
            {
                var check = $"edac/{id}/{kind}";
                var value = await SysfsFiles.ReadLongAsync(Path.Combine(mc, file), cancellationToken).ConfigureAwait(false);
                if (value is null or < 0)
                {
                    result.Add(HealthReading.Unknown(Name, check, $"{Path.Combine(mc, file)} missing or not a count"));
                    continue;
                }

                long delta = 0;
                lock (_last)
                {
                    if (_last.TryGetValue(check, out var previous))
                    {
                        delta = value.Value >= previous ? value.Value - previous : value.Value;
                    }

                    _last[check] = value.Value;
                }

                bool ue = kind == "uncorrected";
                result.Add(new HealthReading(Name, check, delta, "events", ue ? null : correctedWarn, ue ? uncorrectedFail : null,
                    HealthState.Ok, $"{delta} new {kind} error(s) (counter {value})", ReadingKind.EventCount));
            }
        }

        return result.ToImmutable();
    }
}
