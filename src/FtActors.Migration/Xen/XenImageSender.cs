using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using FtActors.Images;
using FtActors.Migration.Wire;
using FtActors.Pages;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Migration.Xen;

/// <summary>
/// Moves a Xen save image to a spare over one page connection, sending only what the spare's store lacks:
/// the image's records (everything that is not guest page data) verbatim, then its pages in one round of
/// batches of 1024 slots typed zero (not sent), at destination (a reference to the store) or normal (in
/// full), with the spare's declared hashes and the same credit window as a RAM migration. PV pagetable
/// pages go as they are: the saver already wrote them pfn-based (canonical), and the store build keeps
/// them exactly so, so their hashes match the store's. The receiver rebuilds the same file and confirms
/// the digest before anything is renamed into place.
/// </summary>
public sealed class XenImageSender
{
    private readonly XenSendOptions _options;
    private readonly IPageBatchEngine _engine;
    private readonly ILogger _logger;

    /// <summary>Creates a sender for one move.</summary>
    public XenImageSender(XenSendOptions options, IPageBatchEngine engine, ILogger logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Raised with progress lines (for the CLI).</summary>
    public event Action<string>? ProgressReported;

    /// <summary>
    /// Connects, checks the image, moves it and returns the report. Every failure after connecting (a
    /// malformed image, a refusal, a broken connection, a digest mismatch) is sent to the receiver as an
    /// Abort and returned as an aborted report; failing to connect throws <see cref="MigrationException"/>.
    /// </summary>
    public async Task<XenMoveReport> SendAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var sessionId = Guid.NewGuid();
        var counters = new Counters();
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        XenImageLayout? layout = null;
        string format = "";
        try
        {
            (layout, format) = Inspect(_options.Image);
            XenLog.MoveStarted(_logger, sessionId, _options.Image, layout.FileLength, _options.Host, _options.Port);
            var hello = new XenImageHello(
                PageFrameCodec.Version, sessionId, Path.GetFileName(_options.Image), format, layout.FileLength, layout.SlotCount, layout.Runs.Count, layout.SkeletonBytes, _options.StoreId);
            await connection.WriteJsonAsync(PageFrameType.XenHello, hello, XenWireJsonContext.Default.XenImageHello, cancellationToken).ConfigureAwait(false);
            var (welcome, held) = await ReadWelcomeAsync(connection, cancellationToken).ConfigureAwait(false);
            using (held)
            {
                counters.StoreHeld = welcome.HeldCount;
                Report($"receiver writes {welcome.Destination}; its store holds {welcome.HeldCount} hashes");
                var digest = new XenImageDigest(_engine);
                using var file = File.OpenHandle(_options.Image, FileMode.Open, FileAccess.Read, FileShare.Read);
                await SendLayoutAsync(connection, layout, cancellationToken).ConfigureAwait(false);
                await SendRecordsAsync(connection, file, layout, digest, counters, cancellationToken).ConfigureAwait(false);
                await SendPagesAsync(connection, file, layout, held, digest, counters, cancellationToken).ConfigureAwait(false);
                var ours = digest.Finish();
                await connection.WriteAsync(PageFrameType.Verify, 0, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                using (var reply = await ReadReplyAsync(connection, PageFrameType.Digest, null, cancellationToken).ConfigureAwait(false))
                {
                    var theirs = reply.Length == 16
                        ? new PageHash(BinaryPrimitives.ReadUInt64LittleEndian(reply.Payload), BinaryPrimitives.ReadUInt64LittleEndian(reply.Payload[8..]))
                        : throw new PageProtocolException("a 16-byte digest", $"{reply.Length} bytes", connection.BytesRead);
                    if (theirs != ours)
                    {
                        throw new MigrationException($"the receiver's image digest {theirs} differs from the source image's {ours}");
                    }
                }

                await connection.WriteAsync(PageFrameType.Commit, 0, new byte[] { 1 }, cancellationToken).ConfigureAwait(false);
                using (await ReadReplyAsync(connection, PageFrameType.Committed, null, cancellationToken).ConfigureAwait(false))
                {
                }

                XenLog.MoveWritten(_logger, sessionId, connection.BytesWritten, counters.PagesSent, counters.PagesReferenced, counters.ZeroPages);
                Report($"written at the spare as {welcome.Destination}");
                return Build("written", null, layout, format, welcome.Destination, counters, connection, clock);
            }
        }
        catch (Exception e) when (e is MigrationException or IOException or SocketException or OperationCanceledException or TimeoutException)
        {
            string reason = e is OperationCanceledException && !cancellationToken.IsCancellationRequested ? "timed out" : e.Message;
            XenLog.MoveAborted(_logger, sessionId, reason);
            await AbortAsync(connection, reason).ConfigureAwait(false);
            Report($"aborted: {reason}");
            return Build("aborted", reason, layout, format, null, counters, connection, clock);
        }
    }

    /// <summary>Checks the image with the project's reader (which validates all of it), then finds its page runs.</summary>
    private static (XenImageLayout Layout, string Format) Inspect(string path)
    {
        ImageFormat format;
        try
        {
            using var image = ImageReader.Open(path);
            format = image.Format;
        }
        catch (ImageFormatException e)
        {
            throw new XenImageException(e.File, e.Offset, e.Expected, e.Found, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new XenImageException(path, 0, "a readable Xen save image", e.Message, e);
        }

        return (XenImageLayout.Scan(path, format), ImageReader.Name(format));
    }

    private async Task<PageConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true, SendBufferSize = 4 << 20 };
        try
        {
            await tcp.ConnectAsync(_options.Host, _options.Port, cancellationToken).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (_options.Tls is not null)
            {
                stream = await PageTls.ClientAsync(stream, _options.Host, _options.Tls, cancellationToken).ConfigureAwait(false);
            }

            return new PageConnection(stream);
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw new MigrationException($"cannot connect to the receiver at {_options.Host}:{_options.Port}: {e.Message}", e);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private async Task<(SessionWelcome Welcome, PageHashSet? Held)> ReadWelcomeAsync(PageConnection connection, CancellationToken cancellationToken)
    {
        SessionWelcome welcome;
        using (var frame = await connection.ReadAsync(PageFrameType.Welcome, cancellationToken).WaitAsync(_options.AckTimeout, cancellationToken).ConfigureAwait(false))
        {
            welcome = PageConnection.ParseJson(frame, PageWireJsonContext.Default.SessionWelcome);
        }

        if (welcome.HeldCount is < 0 or > int.MaxValue)
        {
            throw new PageProtocolException("a held-hash count of 0..2^31", $"{welcome.HeldCount}", 0);
        }

        // Grown as frames arrive, so a bogus count costs nothing before the frames run out.
        var hashes = new List<PageHash>((int)Math.Min(welcome.HeldCount, 1 << 20));
        while (hashes.Count < welcome.HeldCount)
        {
            using var frame = await connection.ReadAsync(PageFrameType.HeldHashes, cancellationToken).WaitAsync(_options.AckTimeout, cancellationToken).ConfigureAwait(false);
            if (frame.Length == 0 || frame.Length % 16 != 0 || (ulong)hashes.Count != frame.Correlation || hashes.Count + (frame.Length / 16) > welcome.HeldCount)
            {
                throw new PageProtocolException($"HeldHashes from index {hashes.Count}, a non-zero multiple of 16 bytes within {welcome.HeldCount} hashes", $"index {frame.Correlation}, {frame.Length} bytes", connection.BytesRead);
            }

            for (int at = 0; at < frame.Length; at += 16)
            {
                hashes.Add(new PageHash(BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload[at..]), BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload[(at + 8)..])));
            }
        }

        return (welcome, hashes.Count > 0 ? _engine.CreateHashSet(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hashes)) : null);
    }

    private static async Task SendLayoutAsync(PageConnection connection, XenImageLayout layout, CancellationToken cancellationToken)
    {
        var runs = layout.Runs.ToArray();
        for (int first = 0; first < runs.Length; first += XenWire.RunsPerFrame)
        {
            int n = Math.Min(XenWire.RunsPerFrame, runs.Length - first);
            await connection.WriteAsync(PageFrameType.XenLayout, (ulong)first, XenWire.EncodeRuns(runs.AsSpan(first, n)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendRecordsAsync(PageConnection connection, SafeFileHandle file, XenImageLayout layout, XenImageDigest digest, Counters counters, CancellationToken cancellationToken)
    {
        var buffer = new byte[XenWire.RecordBytesPerFrame];
        foreach (var (offset, length) in XenImageDigest.RecordChunks(layout))
        {
            XenFiles.ReadExactly(file, _options.Image, buffer.AsSpan(0, length), offset);
            counters.BytesRead += length;
            digest.AddBytes(buffer.AsSpan(0, length));
            await WriteBoundedAsync(connection, PageFrameType.XenRecords, (ulong)offset, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }

        Report($"{layout.SkeletonBytes} bytes of records sent, {layout.Runs.Count} page runs described");
    }

    /// <summary>One round of batches over every slot, at most <see cref="XenSendOptions.CreditWindow"/> unacknowledged.</summary>
    private async Task SendPagesAsync(
        PageConnection connection, SafeFileHandle file, XenImageLayout layout, PageHashSet? held, XenImageDigest digest, Counters counters, CancellationToken cancellationToken)
    {
        await connection.WriteAsync(PageFrameType.RoundStart, 0, new byte[] { 1 }, cancellationToken).ConfigureAwait(false);
        var pages = new byte[PageSize.BatchPages * PageSize.Bytes];
        var hashes = new PageHash[PageSize.BatchPages];
        var types = new PageType[PageSize.BatchPages];
        ulong sequence = 0;
        int inFlight = 0;
        long slot = 0;
        int run = 0, inRun = 0;
        while (slot < layout.SlotCount)
        {
            int n = (int)Math.Min(PageSize.BatchPages, layout.SlotCount - slot);
            for (int filled = 0; filled < n;)
            {
                var r = layout.Runs[run];
                int take = Math.Min(n - filled, r.Pages - inRun);
                XenFiles.ReadExactly(file, _options.Image, pages.AsSpan(filled * PageSize.Bytes, take * PageSize.Bytes), r.FileOffset + ((long)inRun * PageSize.Bytes));
                filled += take;
                inRun += take;
                if (inRun == r.Pages)
                {
                    run++;
                    inRun = 0;
                }
            }

            counters.BytesRead += (long)n * PageSize.Bytes;
            types.AsSpan(0, n).Clear(); // PageType.Normal is 0: every slot is read and typed
            _engine.Classify(pages.AsSpan(0, n * PageSize.Bytes), held, hashes.AsSpan(0, n), types.AsSpan(0, n));
            bool any = false;
            for (int i = 0; i < n; i++)
            {
                digest.Add(hashes[i]);
                switch (types[i])
                {
                    case PageType.Zero:
                        // The receiver's slot file starts all zero, as a fresh RAM file does in round 0.
                        counters.ZeroPages++;
                        types[i] = PageType.NotPresent;
                        break;
                    case PageType.AtDestination:
                        counters.PagesReferenced++;
                        any = true;
                        break;
                    default:
                        counters.PagesSent++;
                        any = true;
                        break;
                }
            }

            if (any)
            {
                int size = PageBatchCodec.PayloadSize(types.AsSpan(0, n));
                var payload = ArrayPool<byte>.Shared.Rent(size);
                try
                {
                    PageBatchCodec.Encode((ulong)slot, types.AsSpan(0, n), hashes.AsSpan(0, n), pages.AsSpan(0, n * PageSize.Bytes), payload);
                    while (inFlight >= _options.CreditWindow)
                    {
                        using (await ReadReplyAsync(connection, PageFrameType.Ack, null, cancellationToken).ConfigureAwait(false))
                        {
                            inFlight--;
                        }
                    }

                    await WriteBoundedAsync(connection, PageFrameType.Batch, sequence++, payload.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
                    inFlight++;
                    counters.Batches++;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(payload);
                }
            }

            slot += n;
        }

        var end = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(end, sequence);
        await connection.WriteAsync(PageFrameType.RoundEnd, 0, end, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            using var frame = await ReadReplyAsync(connection, PageFrameType.RoundDone, PageFrameType.Ack, cancellationToken).ConfigureAwait(false);
            if (frame.Type == PageFrameType.RoundDone)
            {
                break;
            }
        }

        Report($"{layout.SlotCount} page slots: {counters.PagesSent} sent, {counters.PagesReferenced} referenced, {counters.ZeroPages} zero");
    }

    /// <summary>Reads the receiver's next frame, which must be <paramref name="expected"/> (or <paramref name="alsoAllowed"/>); an Abort throws with its reason.</summary>
    private async Task<PageFrame> ReadReplyAsync(PageConnection connection, PageFrameType expected, PageFrameType? alsoAllowed, CancellationToken cancellationToken)
    {
        long offset = connection.BytesRead;
        PageFrame frame;
        try
        {
            frame = await connection.ReadAsync(cancellationToken).WaitAsync(_options.AckTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new MigrationException($"no {expected} from the receiver within {_options.AckTimeout.TotalSeconds:0} s (link cut or receiver stalled)", e);
        }

        if (frame.Type == expected || frame.Type == alsoAllowed)
        {
            return frame;
        }

        using (frame)
        {
            if (frame.Type == PageFrameType.Abort)
            {
                throw new MigrationException($"the receiver aborted the move: {Encoding.UTF8.GetString(frame.Payload)}");
            }

            throw new PageProtocolException($"a {expected} frame", $"a {frame.Type} frame", offset);
        }
    }

    /// <summary>A cut link never fails a write, it blocks once the socket buffer is full: bound it like the acks.</summary>
    private async Task WriteBoundedAsync(PageConnection connection, PageFrameType type, ulong correlation, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_options.AckTimeout);
        try
        {
            await connection.WriteAsync(type, correlation, payload, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MigrationException($"a {type} frame could not be written to the receiver within {_options.AckTimeout.TotalSeconds:0} s (link cut or receiver stalled)", e);
        }
    }

    private static async Task AbortAsync(PageConnection connection, string reason)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await connection.WriteTextAsync(PageFrameType.Abort, reason, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The receiver is gone; it removes its temporary files when the connection breaks.
        }
    }

    private XenMoveReport Build(string outcome, string? reason, XenImageLayout? layout, string format, string? destination, Counters c, PageConnection connection, Stopwatch clock) => new()
    {
        Outcome = outcome,
        Reason = reason,
        Image = _options.Image,
        Format = format,
        Destination = destination,
        ImageBytes = layout?.FileLength ?? 0,
        Slots = layout?.SlotCount ?? 0,
        PageTableSlots = layout?.PageTableSlots ?? 0,
        RecordBytes = layout?.SkeletonBytes ?? 0,
        BytesRead = c.BytesRead,
        BytesOnWire = connection.BytesWritten,
        PagesSent = c.PagesSent,
        PagesReferenced = c.PagesReferenced,
        ZeroPages = c.ZeroPages,
        Batches = c.Batches,
        StoreHeld = c.StoreHeld,
        ElapsedMs = clock.Elapsed.TotalMilliseconds,
    };

    private void Report(string line) => ProgressReported?.Invoke(line);

    private sealed class Counters
    {
        public long BytesRead { get; set; }

        public long PagesSent { get; set; }

        public long PagesReferenced { get; set; }

        public long ZeroPages { get; set; }

        public long Batches { get; set; }

        public long StoreHeld { get; set; }
    }
}
