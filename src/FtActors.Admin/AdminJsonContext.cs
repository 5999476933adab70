using System.Text.Json;
using System.Text.Json.Serialization;

namespace FtActors.Admin;

/// <summary>Source-generated JSON (web defaults: camelCase names) for every admin request and reply body.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ClusterView))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(GuestsView))]
[JsonSerializable(typeof(PlacementsView))]
[JsonSerializable(typeof(MigrationsView))]
[JsonSerializable(typeof(MigrateRequest))]
[JsonSerializable(typeof(DrainRequest))]
[JsonSerializable(typeof(ActionResult))]
[JsonSerializable(typeof(UpkeepView))]
[JsonSerializable(typeof(AdminError))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
