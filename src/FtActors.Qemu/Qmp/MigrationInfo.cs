using System.Text.Json.Nodes;

namespace FtActors.Qemu.Qmp;

/// <summary>
/// The parts of <c>query-migrate</c> the lab reports. Times are milliseconds and byte counts bytes,
/// as QEMU reports them; a field QEMU left out (it omits most of them before a migration starts, and
/// <c>downtime</c> until one completes) is null.
/// </summary>
/// <param name="Status">none, setup, active, pre-switchover, device, completed, failed, cancelled...</param>
/// <param name="TotalTimeMs">Wall time from start to completion (or so far).</param>
/// <param name="DowntimeMs">Time the guest was stopped; only on completion.</param>
/// <param name="ExpectedDowntimeMs">QEMU's estimate while active.</param>
/// <param name="SetupTimeMs">Time spent before the first RAM byte.</param>
/// <param name="RamTransferred">Bytes of the RAM stream written so far.</param>
/// <param name="RamTotal">Size of all RAM blocks.</param>
/// <param name="RamRemaining">Bytes still dirty.</param>
/// <param name="RamDuplicate">Pages sent as zero pages.</param>
/// <param name="RamNormal">Pages sent in full.</param>
/// <param name="RamNormalBytes">Bytes of full pages.</param>
/// <param name="DirtySyncCount">Number of dirty-bitmap synchronisations (rounds).</param>
/// <param name="Mbps">QEMU's throughput estimate in Mbit/s.</param>
/// <param name="ErrorDesc">Why a failed migration failed.</param>
public sealed record MigrationInfo(
    string Status,
    long? TotalTimeMs,
    long? DowntimeMs,
    long? ExpectedDowntimeMs,
    long? SetupTimeMs,
    long? RamTransferred,
    long? RamTotal,
    long? RamRemaining,
    long? RamDuplicate,
    long? RamNormal,
    long? RamNormalBytes,
    long? DirtySyncCount,
    double? Mbps,
    string? ErrorDesc)
{
    /// <summary>True once the migration can no longer change: completed, failed or cancelled.</summary>
    public bool IsFinished => Status is "completed" or "failed" or "cancelled";

    /// <summary>Reads the <c>return</c> value of <c>query-migrate</c>.</summary>
    /// <exception cref="QmpProtocolException">The value is not an object.</exception>
    public static MigrationInfo FromJson(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            throw new QmpProtocolException("an object from query-migrate", node?.ToJsonString() ?? "null", -1);
        }

        var ram = obj["ram"] as JsonObject;
        return new MigrationInfo(
            obj["status"] is JsonValue s && s.TryGetValue<string>(out var status) ? status : "none",
            Long(obj, "total-time"),
            Long(obj, "downtime"),
            Long(obj, "expected-downtime"),
            Long(obj, "setup-time"),
            Long(ram, "transferred"),
            Long(ram, "total"),
            Long(ram, "remaining"),
            Long(ram, "duplicate"),
            Long(ram, "normal"),
            Long(ram, "normal-bytes"),
            Long(ram, "dirty-sync-count"),
            ram is not null && QmpMessageParser.TryReadDouble(ram["mbps"], out var mbps) ? mbps : null,
            obj["error-desc"] is JsonValue e && e.TryGetValue<string>(out var err) ? err : null);
    }

    private static long? Long(JsonObject? obj, string key) =>
        obj is not null && QmpMessageParser.TryReadLong(obj[key], out var v) ? v : null;
}
