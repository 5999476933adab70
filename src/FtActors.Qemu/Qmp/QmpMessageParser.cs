using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FtActors.Qemu.Qmp;

/// <summary>
/// Classifies one QMP line. Every input either yields a message or throws
/// <see cref="QmpProtocolException"/>: the reader loop relies on that to break the connection
/// cleanly instead of crashing on a garbled line.
/// </summary>
public static class QmpMessageParser
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Parses one line (without its newline).</summary>
    /// <exception cref="QmpProtocolException">The line is not JSON or not a QMP message.</exception>
    public static QmpMessage Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line, NodeOptions, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new QmpProtocolException("a JSON object", Shorten(line), e.BytePositionInLine ?? -1, e);
        }

        if (node is not JsonObject obj)
        {
            throw new QmpProtocolException("a JSON object", Shorten(line), 0);
        }

        if (obj.TryGetPropertyValue("QMP", out var qmp))
        {
            return ParseGreeting(qmp, line);
        }

        if (obj.TryGetPropertyValue("return", out var ret))
        {
            return new QmpReturn(ret?.DeepClone(), ReadId(obj, line));
        }

        if (obj.TryGetPropertyValue("error", out var error))
        {
            if (error is not JsonObject err)
            {
                throw new QmpProtocolException("an object in 'error'", Shorten(line), -1);
            }

            return new QmpError(
                ReadString(err, "class", line) ?? "GenericError",
                ReadString(err, "desc", line) ?? string.Empty,
                ReadId(obj, line));
        }

        if (obj.TryGetPropertyValue("event", out var ev))
        {
            return ParseEvent(obj, ev, line);
        }

        throw new QmpProtocolException("one of the keys QMP, return, error, event", Shorten(line), -1);
    }

    private static QmpGreeting ParseGreeting(JsonNode? qmp, string line)
    {
        if (qmp is not JsonObject q || q["version"] is not JsonObject version)
        {
            throw new QmpProtocolException("a greeting with QMP.version", Shorten(line), -1);
        }

        var caps = new List<string>();
        if (q["capabilities"] is JsonArray arr)
        {
            foreach (var c in arr)
            {
                if (c is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    caps.Add(s);
                }
            }
        }

        return new QmpGreeting((JsonObject)version.DeepClone(), caps);
    }

    private static QmpEvent ParseEvent(JsonObject obj, JsonNode? ev, string line)
    {
        if (ev is not JsonValue v || !v.TryGetValue<string>(out var name) || name.Length == 0)
        {
            throw new QmpProtocolException("an event name string", Shorten(line), -1);
        }

        JsonObject? data = null;
        if (obj.TryGetPropertyValue("data", out var d) && d is not null)
        {
            data = d as JsonObject
                ?? throw new QmpProtocolException("an object in 'data'", Shorten(line), -1);
            data = (JsonObject)data.DeepClone();
        }

        var stamp = DateTimeOffset.UnixEpoch;
        if (obj["timestamp"] is JsonObject ts
            && TryReadLong(ts["seconds"], out var seconds)
            && TryReadLong(ts["microseconds"], out var micros)
            && seconds is >= 0 and < 253_402_300_799L
            && micros is >= 0 and < 1_000_000)
        {
            stamp = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
        }

        return new QmpEvent(name, data, stamp);
    }

    private static long? ReadId(JsonObject obj, string line)
    {
        if (!obj.TryGetPropertyValue("id", out var id) || id is null)
        {
            return null;
        }

        if (TryReadLong(id, out var value))
        {
            return value;
        }

        // We only ever send integer ids; anything else cannot be ours.
        throw new QmpProtocolException("an integer 'id'", Shorten(line), -1);
    }

    private static string? ReadString(JsonObject obj, string key, string line)
    {
        if (!obj.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s;
        }

        throw new QmpProtocolException($"a string in '{key}'", Shorten(line), -1);
    }

    /// <summary>Reads an integer JSON number, whatever CLR type the node was built from.</summary>
    internal static bool TryReadLong(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }

        if (v.TryGetValue<long>(out value))
        {
            return true;
        }

        if (v.TryGetValue<JsonElement>(out var el) && el.ValueKind == JsonValueKind.Number)
        {
            if (el.TryGetInt64(out value))
            {
                return true;
            }

            // QEMU prints some counters as doubles (mbps); never ids, but be tolerant for counters.
            if (el.TryGetDouble(out var d) && d is >= long.MinValue and <= long.MaxValue && !double.IsNaN(d))
            {
                value = (long)d;
                return true;
            }
        }

        if (v.TryGetValue<int>(out var i))
        {
            value = i;
            return true;
        }

        if (v.TryGetValue<double>(out var dbl) && dbl is >= long.MinValue and <= long.MaxValue && !double.IsNaN(dbl))
        {
            value = (long)dbl;
            return true;
        }

        return false;
    }

    /// <summary>Reads any JSON number as a double.</summary>
    internal static bool TryReadDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }

        if (v.TryGetValue<JsonElement>(out var el) && el.ValueKind == JsonValueKind.Number)
        {
            return el.TryGetDouble(out value);
        }

        if (v.TryGetValue<double>(out value))
        {
            return true;
        }

        if (v.TryGetValue<long>(out var l))
        {
            value = l;
            return true;
        }

        return false;
    }

    private static string Shorten(string line)
    {
        var s = line.Length <= 80 ? line : line[..80] + "...";
        return string.Create(CultureInfo.InvariantCulture, $"'{s}'");
    }
}
