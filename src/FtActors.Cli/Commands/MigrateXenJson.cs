using System.Text.Json.Serialization;
using FtActors.Migration.Xen;

namespace FtActors.Cli.Commands;

/// <summary>Source-generated JSON for the Xen image move reports.</summary>
[JsonSerializable(typeof(XenMoveReport))]
[JsonSerializable(typeof(XenReceiveResult))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
internal sealed partial class XenJsonContext : JsonSerializerContext;
