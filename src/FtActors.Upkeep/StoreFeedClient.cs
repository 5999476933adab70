using System.Net;
using System.Net.Sockets;
using FtActors.Migration;
using FtActors.Migration.Wire;
using FtActors.Pages;
using FtActors.Remoting;
using FtActors.Store;

namespace FtActors.Upkeep;

/// <summary>The VmActor's end of a store feed over TCP (optionally mutual TLS with <see cref="PageTls"/>).</summary>
public sealed class StoreFeedClient : IStoreFeed
{
    private readonly FeedConnection _connection;

    private StoreFeedClient(string spare, FeedConnection connection, IReadOnlyCollection<PageHash> held, FeedWelcome welcome)
    {
        Spare = spare;
        _connection = connection;
        InitiallyHeld = held;
        Welcome = welcome;
    }

    /// <inheritdoc />
    public string Spare { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<PageHash> InitiallyHeld { get; }

    /// <summary>The spare's store identity at connect.</summary>
    public FeedWelcome Welcome { get; }

    /// <summary>Connects, introduces the guest and reads what the spare holds.</summary>
    /// <exception cref="UpkeepException">Refused, malformed handshake, or the connection failed.</exception>
    public static async Task<StoreFeedClient> ConnectAsync(IPEndPoint spare, string guest, long ramBytes, TlsOptions? tls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spare);
        var tcp = new TcpClient { NoDelay = true };
        FeedConnection? connection = null;
        try
        {
            await tcp.ConnectAsync(spare, cancellationToken).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (tls is not null)
            {
                stream = await PageTls.ClientAsync(stream, spare.Address.ToString(), tls, cancellationToken).ConfigureAwait(false);
            }

            connection = new FeedConnection(stream);
            await connection.WriteAsync(PageFrameType.FeedHello, 0, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new FeedHello(1, guest, ramBytes), FeedJsonContext.Default.FeedHello), cancellationToken).ConfigureAwait(false);
            FeedFrame w = await connection.ReadAsync(PageFrameType.FeedWelcome, cancellationToken).ConfigureAwait(false);
            FeedWelcome welcome = FeedJson.Parse(w, FeedJsonContext.Default.FeedWelcome);
            var held = new List<PageHash>((int)Math.Min(welcome.HeldCount, 1 << 24));
            while (held.Count < welcome.HeldCount)
            {
                FeedFrame h = await connection.ReadAsync(PageFrameType.FeedHeld, cancellationToken).ConfigureAwait(false);
                held.AddRange(StoreFeedCodec.DecodeHashes(h.Payload));
            }

            return new StoreFeedClient(spare.ToString(), connection, held, welcome);
        }
        catch (Exception e) when (e is SocketException or IOException or MigrationException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            tcp.Dispose();
            throw new UpkeepException($"store feed to {spare}: cannot connect: {e.Message}", e);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            tcp.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task SendPagesAsync(ulong sequence, ReadOnlyMemory<PageHash> hashes, ReadOnlyMemory<byte> pages, CancellationToken cancellationToken) =>
        _connection.WriteAsync(PageFrameType.FeedPages, sequence, StoreFeedCodec.EncodePages(hashes.Span, pages.Span), cancellationToken);

    /// <inheritdoc />
    public async Task SendMapAsync(ulong sequence, IReadOnlyList<GuestMapEntry> entries, uint scans, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        GuestMapEntry[] all = [.. entries];
        for (int start = 0; start < all.Length; start += StoreFeedCodec.MaxMapEntriesPerFrame)
        {
            int n = Math.Min(StoreFeedCodec.MaxMapEntriesPerFrame, all.Length - start);
            await _connection.WriteAsync(PageFrameType.FeedMap, sequence, StoreFeedCodec.EncodeMap(all.AsSpan(start, n)), cancellationToken).ConfigureAwait(false);
        }

        await _connection.WriteAsync(PageFrameType.FeedMapEnd, sequence, StoreFeedCodec.EncodeMapEnd(scans, at), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ulong> ReadAckAsync(CancellationToken cancellationToken) =>
        (await _connection.ReadAsync(PageFrameType.FeedAck, cancellationToken).ConfigureAwait(false)).Correlation;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
