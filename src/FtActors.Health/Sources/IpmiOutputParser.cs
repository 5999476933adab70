using System.Collections.Immutable;
using System.Globalization;

namespace FtActors.Health.Sources;

/// <summary>
/// Parsers for ipmitool and FreeIPMI text output. Each line stands alone: a line that does not fit the expected
/// shape gives an Unknown reading naming the line number, never an exception, and an unreadable sensor
/// (<c>na</c>, <c>N/A</c>, <c>no reading</c>) is Unknown rather than Ok or Failing.
/// </summary>
public static class IpmiOutputParser
{
    private const string Source = "ipmi";

    /// <summary>
    /// Parses <c>ipmitool sensor</c>: <c>name | value | unit | status | lnr | lcr | lnc | unc | ucr | unr</c>.
    /// Status <c>ok</c> is Ok, <c>nc</c> Warning, <c>cr</c>/<c>nr</c> Failing, anything else Unknown.
    /// </summary>
    public static ImmutableArray<HealthReading> ParseIpmitoolSensor(string output)
    {
        var result = ImmutableArray.CreateBuilder<HealthReading>();
        foreach (var (lineNo, line) in Lines(output))
        {
            var f = line.Split('|');
            if (f.Length < 4)
            {
                result.Add(HealthReading.Unknown(Source, $"ipmi/line{lineNo}", $"ipmitool sensor line {lineNo}: expected at least 4 '|' separated fields, found {f.Length}"));
                continue;
            }

            var name = f[0].Trim();
            var check = "ipmi/" + name;
            var unit = f[2].Trim();
            var status = f[3].Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                result.Add(HealthReading.Unknown(Source, $"ipmi/line{lineNo}", $"ipmitool sensor line {lineNo}: empty sensor name"));
                continue;
            }

            if (unit.Equals("discrete", StringComparison.OrdinalIgnoreCase))
            {
                // Discrete sensors carry bit fields whose meaning is sensor-specific; only the status column is trusted.
                result.Add(HealthReading.Status(Source, check, MapIpmitoolStatus(status), $"discrete sensor status '{status}'"));
                continue;
            }

            if (!TryNumber(f[1], out var value))
            {
                result.Add(HealthReading.Unknown(Source, check, $"ipmitool sensor line {lineNo}: no numeric reading ('{f[1].Trim()}')"));
                continue;
            }

            double? unc = f.Length > 7 && TryNumber(f[7], out var u1) ? u1 : null;
            double? ucr = f.Length > 8 && TryNumber(f[8], out var u2) ? u2 : null;
            double? lnc = f.Length > 6 && TryNumber(f[6], out var l1) ? l1 : null;
            double? lcr = f.Length > 5 && TryNumber(f[5], out var l2) ? l2 : null;
            var state = MapIpmitoolStatus(status);
            var shortUnit = ShortUnit(unit);
            bool lower = shortUnit == "RPM";
            result.Add(new HealthReading(Source, check, value, shortUnit, lower ? lnc : unc, lower ? lcr : ucr, state,
                $"BMC status '{status}'", ReadingKind.Level, lower));
        }

        return result.ToImmutable();
    }

    /// <summary>Parses <c>ipmitool sdr</c>: <c>name | reading unit | status</c>, e.g. <c>CPU Temp | 45 degrees C | ok</c>.</summary>
    public static ImmutableArray<HealthReading> ParseIpmitoolSdr(string output)
    {
        var result = ImmutableArray.CreateBuilder<HealthReading>();
        foreach (var (lineNo, line) in Lines(output))
        {
            var f = line.Split('|');
            if (f.Length != 3 || f[0].Trim().Length == 0)
            {
                result.Add(HealthReading.Unknown(Source, $"ipmi/line{lineNo}", $"ipmitool sdr line {lineNo}: expected 'name | reading | status', found {f.Length} field(s)"));
                continue;
            }

            var check = "ipmi/" + f[0].Trim();
            var status = f[2].Trim().ToLowerInvariant();
            var reading = f[1].Trim();
            var space = reading.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && TryNumber(reading[..space], out var value))
            {
                var unit = ShortUnit(reading[(space + 1)..].Trim());
                result.Add(new HealthReading(Source, check, value, unit, null, null, MapIpmitoolStatus(status),
                    $"BMC status '{status}'", ReadingKind.Level, unit == "RPM"));
            }
            else if (reading.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                result.Add(HealthReading.Status(Source, check, MapIpmitoolStatus(status), $"discrete sensor {reading}, status '{status}'"));
            }
            else
            {
                result.Add(HealthReading.Unknown(Source, check, $"ipmitool sdr line {lineNo}: no reading ('{reading}', status '{status}')"));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// Parses FreeIPMI <c>ipmi-sensors</c> with <c>--output-sensor-state</c>, either comma separated
    /// (<c>--comma-separated-output</c>) or the default <c>|</c> table: ID, Name, Type, State, Reading, Units, Event.
    /// A header line (starting with <c>ID</c>) is skipped. State Nominal/Warning/Critical maps to Ok/Warning/Failing.
    /// </summary>
    public static ImmutableArray<HealthReading> ParseIpmiSensors(string output)
    {
        var result = ImmutableArray.CreateBuilder<HealthReading>();
        foreach (var (lineNo, line) in Lines(output))
        {
            char sep = line.Contains('|', StringComparison.Ordinal) ? '|' : ',';
            var f = line.Split(sep);
            if (f.Length < 7)
            {
                result.Add(HealthReading.Unknown(Source, $"ipmi/line{lineNo}", $"ipmi-sensors line {lineNo}: expected 7 fields (ID,Name,Type,State,Reading,Units,Event), found {f.Length}"));
                continue;
            }

            if (f[0].Trim().Equals("ID", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = f[1].Trim();
            if (name.Length == 0)
            {
                result.Add(HealthReading.Unknown(Source, $"ipmi/line{lineNo}", $"ipmi-sensors line {lineNo}: empty sensor name"));
                continue;
            }

            var check = "ipmi/" + name;
            var stateText = f[3].Trim();
            HealthState state = stateText.ToLowerInvariant() switch
            {
                "nominal" => HealthState.Ok,
                "warning" => HealthState.Warning,
                "critical" => HealthState.Failing,
                _ => HealthState.Unknown,
            };
            var units = ShortUnit(f[5].Trim());
            var reason = $"BMC state '{stateText}', event {f[6].Trim()}";
            if (state == HealthState.Unknown)
            {
                result.Add(HealthReading.Unknown(Source, check, reason));
            }
            else if (TryNumber(f[4], out var value))
            {
                result.Add(new HealthReading(Source, check, value, units, null, null, state, reason, ReadingKind.Level, units == "RPM"));
            }
            else
            {
                result.Add(HealthReading.Status(Source, check, state, reason));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// Parses <c>ipmitool sel elist</c> (<c>id | date | time | sensor | event | direction</c>) and returns the
    /// entries whose hex or decimal id is above <paramref name="lastSeenId"/>, with the highest id seen.
    /// </summary>
    public static SelScan ParseSelElist(string output, long lastSeenId)
    {
        int corrected = 0, uncorrected = 0, malformed = 0;
        long maxId = lastSeenId;
        foreach (var (_, line) in Lines(output))
        {
            var f = line.Split('|');
            if (f.Length < 5 || !TryId(f[0].Trim(), out var id))
            {
                malformed++;
                continue;
            }

            maxId = Math.Max(maxId, id);
            if (id <= lastSeenId)
            {
                continue;
            }

            bool deasserted = f.Length > 5 && f[5].Trim().Equals("Deasserted", StringComparison.OrdinalIgnoreCase);
            var evt = f[4].Trim();
            if (deasserted)
            {
                continue;
            }

            if (evt.Contains("Uncorrectable", StringComparison.OrdinalIgnoreCase))
            {
                uncorrected++;
            }
            else if (evt.Contains("Correctable", StringComparison.OrdinalIgnoreCase))
            {
                corrected++;
            }
        }

        return new SelScan(corrected, uncorrected, malformed, maxId);
    }

    private static bool TryId(string text, out long id)
    {
        if (text.Length > 0 && text.All(char.IsAsciiHexDigit))
        {
            // ipmitool prints SEL ids in hex without a prefix; decimal ids parse the same way when all digits.
            return long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
        }

        id = 0;
        return false;
    }

    private static HealthState MapIpmitoolStatus(string status) => status switch
    {
        "ok" => HealthState.Ok,
        "nc" => HealthState.Warning,
        "cr" or "nr" => HealthState.Failing,
        _ => HealthState.Unknown,
    };

    private static string ShortUnit(string unit) => unit.ToLowerInvariant() switch
    {
        "degrees c" or "c" => "C",
        "rpm" => "RPM",
        "volts" or "v" => "V",
        "watts" or "w" => "W",
        "amps" or "a" => "A",
        "percent" or "%" => "%",
        _ => unit,
    };

    internal static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    internal static IEnumerable<(int LineNo, string Line)> Lines(string output)
    {
        int n = 0;
        foreach (var raw in output.Split('\n'))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length > 0)
            {
                yield return (n, line);
            }
        }
    }
}
