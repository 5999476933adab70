using System.Text.Json.Serialization;

namespace FtActors.Images.Analysis;

/// <summary>Source-generated JSON for the compare and inspect reports (no reflection at run time).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CompareReport))]
[JsonSerializable(typeof(InspectReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
