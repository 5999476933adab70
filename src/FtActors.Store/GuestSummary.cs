namespace FtActors.Store;

/// <summary>What a store knows about one guest, without its frame map.</summary>
/// <param name="Name">The guest's name (UTF-8, at most 255 bytes).</param>
/// <param name="Scans">How many snapshots of the guest have been scanned into this store.</param>
/// <param name="LastScan">When the last scan was committed.</param>
/// <param name="MappedFrames">Non-zero frames recorded in the map.</param>
/// <param name="SelectedFrames">Frames whose page the store keeps for this guest.</param>
public sealed record GuestSummary(string Name, uint Scans, DateTimeOffset LastScan, long MappedFrames, long SelectedFrames);
