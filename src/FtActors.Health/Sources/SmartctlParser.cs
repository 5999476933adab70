using System.Collections.Immutable;
using System.Text.Json;

namespace FtActors.Health.Sources;

/// <summary>
/// Reads <c>smartctl -j</c> output. Exit-status bits 0-1 (command line, open failed) mean "no data" and give
/// Unknown; bit 3 ("DISK FAILING") and bit 4 (prefail attribute at threshold now) are Failing. Reallocated (id 5)
/// and pending (id 197) sectors, NVMe media errors are warnings; an NVMe critical warning is Failing.
/// </summary>
public static class SmartctlParser
{
    private const string Source = "smart";

    /// <summary>Parses one device's JSON document; <paramref name="device"/> names the check when the JSON lacks it.</summary>
    public static ImmutableArray<HealthReading> Parse(string json, string device)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return [HealthReading.Unknown(Source, $"smart/{device}", $"smartctl JSON for {device} does not parse at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}")];
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return [HealthReading.Unknown(Source, $"smart/{device}", $"smartctl JSON for {device}: expected an object at the top, found {root.ValueKind}")];
            }

            var name = Str(root, "device", "name") ?? device;
            var prefix = $"smart/{name}";
            var exit = Int(root, "smartctl", "exit_status");
            if (exit is null)
            {
                return [HealthReading.Unknown(Source, prefix, $"smartctl JSON for {name}: no smartctl.exit_status")];
            }

            if ((exit.Value & 0b11) != 0)
            {
                var msg = FirstMessage(root) ?? "command line or device open failed";
                return [HealthReading.Unknown(Source, prefix, $"smartctl exit status {exit} (bits 0-1: no data): {msg}")];
            }

            var result = ImmutableArray.CreateBuilder<HealthReading>();
            bool? passed = Bool(root, "smart_status", "passed");
            if ((exit.Value & 0b1000) != 0 || passed == false)
            {
                result.Add(HealthReading.Status(Source, prefix + "/status", HealthState.Failing, $"SMART overall health FAILED (exit status {exit})"));
            }
            else if ((exit.Value & 0b1_0000) != 0)
            {
                result.Add(HealthReading.Status(Source, prefix + "/status", HealthState.Failing, $"a prefailure attribute is at or below its threshold now (exit status {exit})"));
            }
            else if (passed == true)
            {
                result.Add(HealthReading.Status(Source, prefix + "/status", HealthState.Ok, "SMART overall health passed"));
            }
            else
            {
                result.Add(HealthReading.Unknown(Source, prefix + "/status", "smart_status.passed missing"));
            }

            if (Int(root, "temperature", "current") is long temp)
            {
                result.Add(new HealthReading(Source, prefix + "/temperature", temp, "C", null, null, HealthState.Ok, "drive temperature"));
            }

            if (root.TryGetProperty("ata_smart_attributes", out var ata) && ata.ValueKind == JsonValueKind.Object &&
                ata.TryGetProperty("table", out var table) && table.ValueKind == JsonValueKind.Array)
            {
                foreach (var attr in table.EnumerateArray())
                {
                    var id = Int(attr, "id");
                    var raw = Int(attr, "raw", "value");
                    if (id is 5 or 197 && raw is long count)
                    {
                        var label = id == 5 ? "reallocated_sectors" : "pending_sectors";
                        result.Add(new HealthReading(Source, $"{prefix}/{label}", count, "sectors", null, null,
                            count > 0 ? HealthState.Warning : HealthState.Ok, $"attribute {id} raw value {count}", ReadingKind.Status));
                    }
                }
            }

            if (root.TryGetProperty("nvme_smart_health_information_log", out var nvme) && nvme.ValueKind == JsonValueKind.Object)
            {
                if (Int(nvme, "critical_warning") is long cw)
                {
                    result.Add(new HealthReading(Source, prefix + "/critical_warning", cw, "bits", null, null,
                        cw != 0 ? HealthState.Failing : HealthState.Ok, $"NVMe critical warning 0x{cw:x2}", ReadingKind.Status));
                }

                if (Int(nvme, "media_errors") is long me)
                {
                    result.Add(new HealthReading(Source, prefix + "/media_errors", me, "errors", null, null,
                        me > 0 ? HealthState.Warning : HealthState.Ok, $"NVMe media errors {me}", ReadingKind.Status));
                }
            }

            return result.ToImmutable();
        }
    }

    private static string? FirstMessage(JsonElement root)
    {
        if (root.TryGetProperty("smartctl", out var s) && s.ValueKind == JsonValueKind.Object &&
            s.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in m.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("string", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    return text.GetString();
                }
            }
        }

        return null;
    }

    private static JsonElement? Walk(JsonElement e, string[] path)
    {
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
            {
                return null;
            }
        }

        return e;
    }

    private static long? Int(JsonElement e, params string[] path) =>
        Walk(e, path) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out var n) ? n : null;

    private static bool? Bool(JsonElement e, params string[] path) => Walk(e, path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    private static string? Str(JsonElement e, params string[] path) =>
        Walk(e, path) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
}
