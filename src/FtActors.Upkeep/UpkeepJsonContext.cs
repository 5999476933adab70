using System.Text.Json.Serialization;

namespace FtActors.Upkeep;

/// <summary>Source-generated JSON contracts of the upkeep's remote messages and persisted events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RegisterGuest))]
[JsonSerializable(typeof(UnregisterGuest))]
[JsonSerializable(typeof(GetPlacement))]
[JsonSerializable(typeof(Placement))]
[JsonSerializable(typeof(GetPlacements))]
[JsonSerializable(typeof(PlacementTable))]
[JsonSerializable(typeof(CoverageReport))]
[JsonSerializable(typeof(PlacementChanged))]
[JsonSerializable(typeof(GuestPlaced))]
[JsonSerializable(typeof(GuestRemoved))]
internal sealed partial class UpkeepJsonContext : JsonSerializerContext;
