using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Upkeep;

/// <summary>
/// A VmActor's link to its spare's store: what the spare held at connect, and a pipe for pages and maps that
/// the spare acknowledges once they are committed. <see cref="StoreFeedClient"/> is the TCP one; tests use
/// an in-memory one.
/// </summary>
public interface IStoreFeed : IAsyncDisposable
{
    /// <summary>The spare's name as placement knows it (host:port of the feed).</summary>
    string Spare { get; }

    /// <summary>Hashes the spare's store held when the feed connected.</summary>
    IReadOnlyCollection<PageHash> InitiallyHeld { get; }

    /// <summary>Sends one batch of verified-by-the-spare pages under sequence number <paramref name="sequence"/>.</summary>
    Task SendPagesAsync(ulong sequence, ReadOnlyMemory<PageHash> hashes, ReadOnlyMemory<byte> pages, CancellationToken cancellationToken);

    /// <summary>Sends the guest's whole frame map under <paramref name="sequence"/>; the ack means the map is committed.</summary>
    Task SendMapAsync(ulong sequence, IReadOnlyList<GuestMapEntry> entries, uint scans, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Waits for the next acknowledgement; returns its sequence number.</summary>
    Task<ulong> ReadAckAsync(CancellationToken cancellationToken);
}
