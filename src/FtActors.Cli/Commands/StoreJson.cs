using System.Text.Json.Serialization;
using FtActors.Store;

namespace FtActors.Cli.Commands;

/// <summary>What <c>store build</c>/<c>add</c> print with --json.</summary>
internal sealed record StoreScanResult(string Identity, double Seconds, SelectionReport Report);

/// <summary>What <c>store gc</c> prints with --json.</summary>
internal sealed record StoreGcResult(string Identity, GcReport Report);

/// <summary>What <c>store verify</c> prints with --json.</summary>
internal sealed record StoreVerifyResult(string? Identity, bool Ok, long PagesChecked, long MapEntriesChecked, string[] Problems);

/// <summary>What <c>store diff</c> prints with --json.</summary>
internal sealed record StoreDiffResult(string A, string B, string? Guest, long PagesConsidered, long PagesShared, long PagesMissing, long BytesMissing);

/// <summary>One guest in <c>store inspect</c>.</summary>
internal sealed record StoreGuestInfo(string Name, uint Scans, DateTimeOffset LastScan, long MappedFrames, long SelectedFrames, long DistinctSelected);

/// <summary>What <c>store inspect</c> shows.</summary>
internal sealed record StoreInfo(
    string Directory, string StoreId, ulong Generation, string FormatVersion, DateTimeOffset CommittedAt, string Hash,
    long Pages, long PageBytes, long Slots, long FreeSlots, long PagesFileBytes, long ManifestBytes, long IndexBytes,
    double IndexBytesPerPage, double DedupRatio, IReadOnlyList<StoreGuestInfo> Guests);

/// <summary>Source-generated JSON for the store commands' --json output.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoreScanResult))]
[JsonSerializable(typeof(StoreGcResult))]
[JsonSerializable(typeof(StoreVerifyResult))]
[JsonSerializable(typeof(StoreDiffResult))]
[JsonSerializable(typeof(StoreInfo))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
