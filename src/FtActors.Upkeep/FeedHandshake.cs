using System.Text.Json.Serialization;

namespace FtActors.Upkeep;

/// <summary>The FeedHello payload (JSON): who is feeding.</summary>
/// <param name="Version">Feed protocol version (1).</param>
/// <param name="Guest">Guest name; the spare's store keeps its map under it.</param>
/// <param name="RamBytes">Guest RAM size.</param>
public sealed record FeedHello(int Version, string Guest, long RamBytes);

/// <summary>The FeedWelcome payload (JSON): the spare's store and how many FeedHeld hashes follow.</summary>
/// <param name="StoreId">The store's id.</param>
/// <param name="Generation">The commit the held list was taken from.</param>
/// <param name="HeldCount">Hashes that follow in FeedHeld frames.</param>
public sealed record FeedWelcome(Guid StoreId, ulong Generation, long HeldCount);

/// <summary>Source-generated JSON of the feed handshake.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FeedHello))]
[JsonSerializable(typeof(FeedWelcome))]
internal sealed partial class FeedJsonContext : JsonSerializerContext;
