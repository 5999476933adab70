using System.Text.Json.Serialization;

namespace FtActors.Node;

/// <summary>Source-generated JSON for quoting override values as HOCON strings (HOCON accepts JSON strings).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class NodeHealthJsonContext : JsonSerializerContext;
