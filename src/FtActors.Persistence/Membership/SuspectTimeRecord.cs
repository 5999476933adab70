using System.Text.Json.Serialization;

namespace FtActors.Persistence.Membership;

/// <summary>
/// The stored shape of one suspect vote inside <c>cluster_members.suspect_times</c> (a JSON array). Kept apart
/// from <see cref="SuspectTime"/> so the public type can change without changing what is on disk.
/// </summary>
internal sealed record SuspectTimeRecord(
    [property: JsonRequired, JsonPropertyName("host")] string? Host,
    [property: JsonRequired, JsonPropertyName("port")] int Port,
    [property: JsonRequired, JsonPropertyName("incarnation")] long Incarnation,
    [property: JsonRequired, JsonPropertyName("atMs")] long AtMs);
