using System.Text.Json.Serialization;

namespace FtActors.Upkeep;

/// <summary>Source-generated JSON contracts of the upkeep's persisted events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GuestPlaced))]
[JsonSerializable(typeof(GuestRemoved))]
internal sealed partial class UpkeepJsonContext : JsonSerializerContext;
