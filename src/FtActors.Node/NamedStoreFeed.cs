using FtActors.Pages;
using FtActors.Store;
using FtActors.Upkeep;

namespace FtActors.Node;

/// <summary>
/// A store feed that reports the spare under its membership name (host:remoting-port) instead of the feed's
/// endpoint, so the coverage reports a VmActor sends match the names the placement coordinator ranks spares by.
/// </summary>
internal sealed class NamedStoreFeed(IStoreFeed inner, string spare) : IStoreFeed
{
    public string Spare { get; } = spare;

    public IReadOnlyCollection<PageHash> InitiallyHeld => inner.InitiallyHeld;

    public Task SendPagesAsync(ulong sequence, ReadOnlyMemory<PageHash> hashes, ReadOnlyMemory<byte> pages, CancellationToken cancellationToken) =>
        inner.SendPagesAsync(sequence, hashes, pages, cancellationToken);

    public Task SendMapAsync(ulong sequence, IReadOnlyList<GuestMapEntry> entries, uint scans, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.SendMapAsync(sequence, entries, scans, at, cancellationToken);

    public Task<ulong> ReadAckAsync(CancellationToken cancellationToken) => inner.ReadAckAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
