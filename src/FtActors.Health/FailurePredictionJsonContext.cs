using System.Text.Json.Serialization;

namespace FtActors.Health;

/// <summary>Source-generated System.Text.Json metadata for health messages (no reflection at run time).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
[JsonSerializable(typeof(FailurePrediction))]
internal sealed partial class FailurePredictionJsonContext : JsonSerializerContext;
