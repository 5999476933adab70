using System.Collections.Immutable;

namespace FtActors.Health.Sources;

/// <summary>
/// Reads hwmon sysfs chips under a root (default <c>/sys/class/hwmon</c>): temperatures (millidegrees) against
/// <c>_max</c>/<c>_crit</c>, fans (RPM) against <c>_min</c>, voltages (mV) against <c>_min</c>/<c>_max</c>.
/// Limits that are absent, zero or below the reading's plausible range are ignored: boards ship garbage limits
/// and the kernel does not compare readings with them, so a limit is only used when it makes sense.
/// </summary>
public sealed class HwmonSource(string root, TimeSpan timeout) : IHealthSource
{
    /// <inheritdoc />
    public string Name => "hwmon";

    /// <inheritdoc />
    public TimeSpan Timeout { get; } = timeout;

    /// <inheritdoc />
    public async Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            return [HealthReading.Unknown(Name, Name, $"hwmon root {root} does not exist")];
        }

        var result = ImmutableArray.CreateBuilder<HealthReading>();
        foreach (var chipDir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var chip = await SysfsFiles.ReadTextAsync(Path.Combine(chipDir, "name"), cancellationToken).ConfigureAwait(false)
                ?? Path.GetFileName(chipDir);
            var files = Directory.EnumerateFiles(chipDir, "*_input").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var sensor = file[..^"_input".Length];
                var basePath = Path.Combine(chipDir, sensor);
                var label = await SysfsFiles.ReadTextAsync(basePath + "_label", cancellationToken).ConfigureAwait(false) ?? sensor;
                var check = $"hwmon/{chip}/{label}";
                var raw = await SysfsFiles.ReadLongAsync(basePath + "_input", cancellationToken).ConfigureAwait(false);
                if (raw is null)
                {
                    result.Add(HealthReading.Unknown(Name, check, $"{basePath}_input unreadable or not an integer"));
                    continue;
                }

                if (sensor.StartsWith("temp", StringComparison.Ordinal))
                {
                    var max = Positive(await SysfsFiles.ReadLongAsync(basePath + "_max", cancellationToken).ConfigureAwait(false), 1000.0);
                    var crit = Positive(await SysfsFiles.ReadLongAsync(basePath + "_crit", cancellationToken).ConfigureAwait(false), 1000.0);
                    result.Add(Level(check, raw.Value / 1000.0, "C", max, crit, lowerIsWorse: false));
                }
                else if (sensor.StartsWith("fan", StringComparison.Ordinal))
                {
                    var min = Positive(await SysfsFiles.ReadLongAsync(basePath + "_min", cancellationToken).ConfigureAwait(false), 1.0);
                    if (min is null && raw.Value == 0)
                    {
                        // 0 RPM with no minimum is usually an unpopulated header; calling it Failing would be a false alarm.
                        result.Add(HealthReading.Unknown(Name, check, "fan reads 0 RPM and has no minimum: header probably unused"));
                        continue;
                    }

                    result.Add(Level(check, raw.Value, "RPM", min, min is null ? null : 0, lowerIsWorse: true));
                }
                else if (sensor.StartsWith("in", StringComparison.Ordinal))
                {
                    var v = raw.Value / 1000.0;
                    var min = Positive(await SysfsFiles.ReadLongAsync(basePath + "_min", cancellationToken).ConfigureAwait(false), 1000.0);
                    var max = Positive(await SysfsFiles.ReadLongAsync(basePath + "_max", cancellationToken).ConfigureAwait(false), 1000.0);
                    bool outside = (min is not null && v < min) || (max is not null && max > (min ?? 0) && v > max);
                    result.Add(new HealthReading(Name, check, v, "V", null, null, outside ? HealthState.Warning : HealthState.Ok,
                        outside ? $"{v:0.###} V outside [{min:0.###}, {max:0.###}]" : "within limits", ReadingKind.Status));
                }
            }
        }

        return result.ToImmutable();
    }

    private HealthReading Level(string check, double value, string unit, double? warn, double? crit, bool lowerIsWorse)
    {
        var state = HealthState.Ok;
        if (lowerIsWorse)
        {
            if (crit is not null && value <= crit)
            {
                state = HealthState.Failing;
            }
            else if (warn is not null && value < warn)
            {
                state = HealthState.Warning;
            }
        }
        else
        {
            if (crit is not null && value >= crit)
            {
                state = HealthState.Failing;
            }
            else if (warn is not null && value >= warn)
            {
                state = HealthState.Warning;
            }
        }

        return new HealthReading(Name, check, value, unit, warn, crit, state, $"{value:0.###} {unit} (warn {warn:0.###}, crit {crit:0.###})", ReadingKind.Level, lowerIsWorse);
    }

    private static double? Positive(long? raw, double scale) => raw is > 0 ? raw.Value / scale : null;
}
