using FtActors.Pages;

namespace FtActors.Store;

/// <summary>One non-zero guest frame as it was at the guest's last scan.</summary>
/// <param name="Frame">Guest frame number (byte offset in guest RAM / 4096).</param>
/// <param name="Hash">XXH3-128 of the frame's contents at the last scan.</param>
/// <param name="StableScans">Consecutive scans, ending with the last, in which this frame held this content.</param>
/// <param name="Selected">Whether the selection policy chose the page, so the store must keep it.</param>
public readonly record struct GuestMapEntry(ulong Frame, PageHash Hash, uint StableScans, bool Selected);
