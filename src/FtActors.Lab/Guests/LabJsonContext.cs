using System.Text.Json.Serialization;

namespace FtActors.Lab.Guests;

/// <summary>Source-generated JSON for the lab's state files.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GuestState))]
[JsonSerializable(typeof(Topologies.TopologyState))]
internal sealed partial class LabJsonContext : JsonSerializerContext;
