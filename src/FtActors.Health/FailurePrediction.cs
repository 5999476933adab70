using System.Text.Json.Serialization;

namespace FtActors.Health;

/// <summary>
/// "Node <see cref="Node"/> is expected to fail at <see cref="ExpectedFailureUtc"/>." Any predictor may send it: the
/// node's own policy, the operator shell, NHC glue, a site's predictor. The wire form is versioned JSON
/// (<see cref="FailurePredictionJson"/>) registered under <see cref="ManifestName"/>.
/// </summary>
/// <param name="Node">The node expected to fail (its cluster node name).</param>
/// <param name="ExpectedFailureUtc">Absolute UTC time of the expected failure; the evacuation deadline.</param>
/// <param name="Confidence">How sure the predictor is, 0..1.</param>
/// <param name="Reason">Human-readable why (check, value, trend).</param>
/// <param name="Source">Who predicted: <c>policy:hwmon/coretemp/Core 0</c>, <c>shell:alice</c>, ...</param>
public sealed record FailurePrediction(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("expectedFailureUtc")] DateTimeOffset ExpectedFailureUtc,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("source")] string Source)
{
    /// <summary>Stable name of this message for the remoting registry and journals; never a CLR type name.</summary>
    public const string ManifestName = "ft.failure-prediction/1";

    /// <summary>Format version carried in the JSON; readers reject versions they do not know.</summary>
    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;
}
