using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace FtActors.Health.Sources;

/// <summary>
/// Readings from a JSON file, for tests and the demo. Each entry's value follows a linear trend from the moment the
/// file was (re)loaded or from its <c>startUtc</c>: <c>value = start + ratePerSecond * seconds</c>, held at
/// <c>end</c> once reached. The file is re-read when its length or write time changes. Format:
/// <code>{ "readings": [ { "check": "cpu-temp", "unit": "C", "start": 60, "ratePerSecond": 2, "end": 95,
///                         "warn": 85, "crit": 95, "lowerIsWorse": false } ] }</code>
/// </summary>
public sealed class FaultInjectionSource(string path, TimeProvider time, TimeSpan timeout) : IHealthSource
{
    private (long Length, DateTime Written) _stamp;
    private ImmutableArray<Entry> _entries = [];
    private DateTimeOffset _loadedAt;
    private string? _error;

    /// <inheritdoc />
    public string Name => "inject";

    /// <inheritdoc />
    public TimeSpan Timeout { get; } = timeout;

    /// <inheritdoc />
    public async Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return [HealthReading.Unknown(Name, Name, $"fault-injection file {path} does not exist")];
        }

        var stamp = (info.Length, info.LastWriteTimeUtc);
        if (stamp != _stamp)
        {
            _stamp = stamp;
            _loadedAt = time.GetUtcNow();
            (_entries, _error) = Load(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
        }

        if (_error is not null)
        {
            return [HealthReading.Unknown(Name, Name, _error)];
        }

        var now = time.GetUtcNow();
        return [.. _entries.Select(e => Evaluate(e, now))];
    }

    private HealthReading Evaluate(Entry e, DateTimeOffset now)
    {
        var seconds = Math.Max(0, (now - (e.StartUtc ?? _loadedAt)).TotalSeconds);
        var value = e.Start + (e.RatePerSecond * seconds);
        if (e.End is double end && ((e.RatePerSecond >= 0 && value > end) || (e.RatePerSecond < 0 && value < end)))
        {
            value = end;
        }

        var state = HealthState.Ok;
        bool worse(double limit) => e.LowerIsWorse ? value <= limit : value >= limit;
        if (e.Crit is double c && worse(c))
        {
            state = HealthState.Failing;
        }
        else if (e.Warn is double w && worse(w))
        {
            state = HealthState.Warning;
        }

        return new HealthReading(Name, "inject/" + e.Check, Math.Round(value, 6), e.Unit, e.Warn, e.Crit, state,
            $"injected {value.ToString("0.###", CultureInfo.InvariantCulture)} {e.Unit}", ReadingKind.Level, e.LowerIsWorse);
    }

    /// <summary>Parses the file; a bad file gives an error message (with line and byte) instead of entries.</summary>
    internal static (ImmutableArray<Entry> Entries, string? Error) Load(string json, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("readings", out var arr) || arr.ValueKind != JsonValueKind.Array)
            {
                return ([], $"{path}: expected an object with a \"readings\" array");
            }

            var list = ImmutableArray.CreateBuilder<Entry>();
            int i = 0;
            foreach (var r in arr.EnumerateArray())
            {
                if (r.ValueKind != JsonValueKind.Object || !r.TryGetProperty("check", out var check) || check.ValueKind != JsonValueKind.String ||
                    Num(r, "start") is not double start)
                {
                    return ([], $"{path}: readings[{i}] needs a string \"check\" and a number \"start\"");
                }

                DateTimeOffset? startUtc = r.TryGetProperty("startUtc", out var s) && s.ValueKind == JsonValueKind.String &&
                    DateTimeOffset.TryParse(s.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
                list.Add(new Entry(check.GetString()!, Str(r, "unit") ?? string.Empty, start, Num(r, "ratePerSecond") ?? 0, Num(r, "end"),
                    Num(r, "warn"), Num(r, "crit"), r.TryGetProperty("lowerIsWorse", out var l) && l.ValueKind == JsonValueKind.True, startUtc));
                i++;
            }

            return (list.ToImmutable(), null);
        }
        catch (JsonException ex)
        {
            return ([], $"{path}: not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}");
        }
    }

    private static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal sealed record Entry(string Check, string Unit, double Start, double RatePerSecond, double? End, double? Warn, double? Crit, bool LowerIsWorse, DateTimeOffset? StartUtc);
}
