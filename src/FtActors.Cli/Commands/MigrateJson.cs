using System.Text.Json.Serialization;
using FtActors.Migration.Receiving;

namespace FtActors.Cli.Commands;

/// <summary>Source-generated JSON for <c>migrate receive --json</c>.</summary>
[JsonSerializable(typeof(ReceiverResult))]
internal sealed partial class MigrateJsonContext : JsonSerializerContext;
