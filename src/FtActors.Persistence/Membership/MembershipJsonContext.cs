using System.Text.Json.Serialization;

namespace FtActors.Persistence.Membership;

/// <summary>Source-generated JSON metadata for the membership columns stored as JSON (no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Default,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SuspectTimeRecord[]))]
internal sealed partial class MembershipJsonContext : JsonSerializerContext;
