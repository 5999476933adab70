using System.Text.Json;

namespace FtActors.Health;

/// <summary>Reads and writes the <see cref="FailurePrediction.ManifestName"/> wire form.</summary>
public static class FailurePredictionJson
{
    /// <summary>The source-generated metadata, for registries that serialise predictions themselves (cluster pub/sub, journals).</summary>
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<FailurePrediction> TypeInfo =>
        FailurePredictionJsonContext.Default.FailurePrediction;

    /// <summary>UTF-8 JSON of <paramref name="prediction"/>, e.g.
    /// <c>{"node":"n1","expectedFailureUtc":"2026-11-22T04:10:00+00:00","confidence":0.9,"reason":"...","source":"...","version":1}</c>.</summary>
    public static byte[] Serialize(FailurePrediction prediction) =>
        JsonSerializer.SerializeToUtf8Bytes(prediction, FailurePredictionJsonContext.Default.FailurePrediction);

    /// <summary>
    /// Parses a prediction and validates it: version 1, a node name, confidence within 0..1. Throws
    /// <see cref="HealthFormatException"/> saying what was expected and found (and where, for bad JSON).
    /// </summary>
    public static FailurePrediction Deserialize(ReadOnlySpan<byte> utf8)
    {
        FailurePrediction? p;
        try
        {
            p = JsonSerializer.Deserialize(utf8, FailurePredictionJsonContext.Default.FailurePrediction);
        }
        catch (JsonException ex)
        {
            throw new HealthFormatException($"{FailurePrediction.ManifestName}: invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }

        if (p is null)
        {
            throw new HealthFormatException($"{FailurePrediction.ManifestName}: expected an object, found null");
        }

        if (p.Version != 1)
        {
            throw new HealthFormatException($"{FailurePrediction.ManifestName}: expected version 1, found {(p.Version == 0 ? "none" : p.Version)}");
        }

        if (string.IsNullOrWhiteSpace(p.Node))
        {
            throw new HealthFormatException($"{FailurePrediction.ManifestName}: expected a node name, found none");
        }

        if (!(p.Confidence is >= 0 and <= 1))
        {
            throw new HealthFormatException($"{FailurePrediction.ManifestName}: expected confidence in [0, 1], found {p.Confidence}");
        }

        return p with { Reason = p.Reason ?? string.Empty, Source = p.Source ?? string.Empty };
    }
}
