using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using FtActors.Migration.Receiving;
using FtActors.Migration.Wire;
using FtActors.Pages;
using FtActors.Store;
using Microsoft.Extensions.Logging;

namespace FtActors.Migration.Xen;

/// <summary>
/// The spare's side of a Xen image move. Records arrive first and are written straight into
/// <c>OUTPUT.partial</c> at their file offsets; pages arrive in one round of batches and go through the
/// RAM receiver's <see cref="PageReceiver"/> (every full page checked against its hash, every reference
/// read from the local store, which re-hashes it, so a corrupt store page never reaches the output) into
/// a slot file (<c>OUTPUT.slots</c>, slot i at i x 4096). On Verify the slots are copied to their runs in
/// the partial file and the image digest is answered; on Commit the partial file is synced and renamed to
/// the output. Any failure removes both temporary files: the output appears whole or not at all.
/// </summary>
public sealed class XenImageReceiver
{
    private const int HashesPerFrame = 65_536;
    private readonly XenReceiveOptions _options;
    private readonly IPageBatchEngine _engine;
    private readonly ILogger _logger;

    /// <summary>Creates a receiver.</summary>
    public XenImageReceiver(XenReceiveOptions options, IPageBatchEngine engine, ILogger logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Raised with progress lines (for the CLI).</summary>
    public event Action<string>? ProgressReported;

    /// <summary>The temporary image, renamed to the output at commit.</summary>
    public string PartialPath => _options.Output + ".partial";

    /// <summary>The temporary slot file the page batches fill.</summary>
    public string SlotsPath => _options.Output + ".slots";

    /// <summary>
    /// Listens, serves exactly one move and returns how it ended. Throws only for local set-up faults
    /// (a store that cannot be opened, a busy port, a TLS refusal before any frame).
    /// </summary>
    public async Task<XenReceiveResult> RunOnceAsync(Action? listening = null, CancellationToken cancellationToken = default)
    {
        using var store = _options.StorePath is null ? null : PageStore.Open(_options.StorePath);
        var listener = new TcpListener(_options.Listen);
        listener.Start(1);
        TcpClient? tcp = null;
        try
        {
            listening?.Invoke();
            Report($"listening on {_options.Listen}");
            tcp = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            tcp.NoDelay = true;
            tcp.ReceiveBufferSize = 4 << 20;
            Stream stream = tcp.GetStream();
            if (_options.Tls is not null)
            {
                try
                {
                    stream = await PageTls.ServerAsync(stream, _options.Tls, cancellationToken).ConfigureAwait(false);
                }
                catch (MigrationException e)
                {
                    return new XenReceiveResult(false, e.Message, _options.Output, 0, 0, 0, 0, 0, 0, 0);
                }
            }

            // Writes go through a PageConnection (its reader stays unused); reads through the Xen frame reader.
            var writer = new PageConnection(stream);
            await using (writer.ConfigureAwait(false))
            {
                var reader = new XenFrameReader(stream);
                try
                {
                    return await ServeAsync(writer, reader, store, tcp.Client.RemoteEndPoint?.ToString() ?? "?", cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await reader.CompleteAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            listener.Stop();
            tcp?.Dispose();
        }
    }

    private async Task<XenReceiveResult> ServeAsync(PageConnection writer, XenFrameReader reader, PageStore? store, string peer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        XenImageHello? hello = null;
        PageReceiver? pages = null;
        long recordBytes = 0;
        try
        {
            using (var frame = await NextAsync(reader, PageFrameType.XenHello, cancellationToken).ConfigureAwait(false))
            {
                hello = PageConnection.ParseJson(frame, XenWireJsonContext.Default.XenImageHello);
            }

            XenLog.ReceiveStarted(_logger, hello.SessionId, hello.Image, peer, _options.Output);
            CheckHello(hello, store);
            CreateFile(PartialPath, hello.ImageBytes);
            CreateFile(SlotsPath, hello.Slots * PageSize.Bytes);
            await SendWelcomeAsync(writer, store, cancellationToken).ConfigureAwait(false);
            var layout = await ReadLayoutAsync(reader, hello, cancellationToken).ConfigureAwait(false);
            recordBytes = await ReadRecordsAsync(reader, layout, cancellationToken).ConfigureAwait(false);
            Report($"{hello.Image}: {recordBytes} bytes of records written, {layout.Runs.Count} page runs, {hello.Slots} page slots to come");

            pages = new PageReceiver(SlotsPath, store, _engine);
            var rounds = new RoundApplier(writer, pages);
            bool roundDone = false;
            while (true)
            {
                using var frame = await NextAsync(reader, null, cancellationToken).ConfigureAwait(false);
                if (!roundDone && await rounds.HandleAsync(frame, cancellationToken).ConfigureAwait(false))
                {
                    roundDone = frame.Type == PageFrameType.RoundEnd;
                    continue;
                }

                if (roundDone && frame.Type == PageFrameType.Verify)
                {
                    pages.Dispose();
                    var digest = await Task.Run(() => Assemble(layout), cancellationToken).ConfigureAwait(false);
                    var bytes = new byte[16];
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes, digest.Low);
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), digest.High);
                    await writer.WriteAsync(PageFrameType.Digest, 0, bytes, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (roundDone && frame.Type == PageFrameType.Commit)
                {
                    File.Move(PartialPath, _options.Output, overwrite: true);
                    File.Delete(SlotsPath);
                    await writer.WriteTextAsync(PageFrameType.Committed, "written", cancellationToken).ConfigureAwait(false);
                    XenLog.ReceiveWritten(_logger, hello.SessionId, _options.Output, hello.ImageBytes);
                    Report($"wrote {_options.Output}: {pages.Counters.PagesReceived} pages received, {pages.Counters.PagesFromStore} from the store");
                    return Result(true, null, hello, pages, recordBytes, reader, clock);
                }

                throw new PageProtocolException(
                    roundDone ? "Verify or Commit" : rounds.InRound ? "Batch or RoundEnd" : "RoundStart",
                    $"a {frame.Type} frame", reader.Offset);
            }
        }
        catch (Exception e) when (e is MigrationException or IOException or SocketException or OperationCanceledException or TimeoutException or StoreException)
        {
            string reason = e switch
            {
                TimeoutException => $"the sender was silent for {_options.IdleTimeout.TotalSeconds:0} s",
                OperationCanceledException when !cancellationToken.IsCancellationRequested => "the move timed out",
                _ => e.Message,
            };
            pages?.Dispose();
            Discard();
            XenLog.ReceiveAborted(_logger, hello?.SessionId ?? Guid.Empty, reason);
            Report($"aborted: {reason}");
            if (e is not PeerAbortedException)
            {
                await AbortAsync(writer, reason).ConfigureAwait(false);
            }

            return Result(false, reason, hello, pages, recordBytes, reader, clock);
        }
    }

    private static void CheckHello(XenImageHello hello, PageStore? store)
    {
        if (hello.ProtocolVersion != PageFrameCodec.Version)
        {
            throw new MigrationException($"page protocol version {PageFrameCodec.Version} was expected, the sender speaks {hello.ProtocolVersion}");
        }

        if (hello.StoreId != Guid.Empty && store is not null && store.Identity.StoreId != hello.StoreId)
        {
            throw new MigrationException($"the sender expected store {hello.StoreId:N}, this spare has {store.Identity.StoreId:N}");
        }

        if (hello.ImageBytes <= 0 || hello.Slots < 0 || hello.Slots > hello.ImageBytes / PageSize.Bytes
            || hello.RecordBytes != hello.ImageBytes - (hello.Slots * PageSize.Bytes) || hello.Runs < 0 || hello.Runs > hello.Slots || (hello.Runs == 0) != (hello.Slots == 0))
        {
            throw new PageProtocolException(
                "an image of 1.. bytes holding its slots x 4096 page bytes plus its record bytes, in 1..slots runs",
                $"{hello.ImageBytes} bytes, {hello.Slots} slots, {hello.Runs} runs, {hello.RecordBytes} record bytes", 0);
        }
    }

    private static void CreateFile(string path, long length)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.SetLength(length);
    }

    private async Task SendWelcomeAsync(PageConnection writer, PageStore? store, CancellationToken cancellationToken)
    {
        var hashes = store?.AllHashes() ?? [];
        var id = store?.Identity;
        var welcome = new SessionWelcome(id?.StoreId ?? Guid.Empty, id?.Generation ?? 0, hashes.Length, 0, "", _options.Output);
        await writer.WriteJsonAsync(PageFrameType.Welcome, welcome, PageWireJsonContext.Default.SessionWelcome, cancellationToken).ConfigureAwait(false);
        for (int at = 0; at < hashes.Length; at += HashesPerFrame)
        {
            int n = Math.Min(HashesPerFrame, hashes.Length - at);
            var payload = new byte[n * 16];
            for (int i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(i * 16), hashes[at + i].Low);
                BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan((i * 16) + 8), hashes[at + i].High);
            }

            await writer.WriteAsync(PageFrameType.HeldHashes, (ulong)at, payload, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<XenImageLayout> ReadLayoutAsync(XenFrameReader reader, XenImageHello hello, CancellationToken cancellationToken)
    {
        var runs = new List<XenPageRun>();
        while (runs.Count < hello.Runs)
        {
            long offset = reader.Offset;
            using var frame = await NextAsync(reader, PageFrameType.XenLayout, cancellationToken).ConfigureAwait(false);
            if (frame.Correlation != (ulong)runs.Count)
            {
                throw new PageProtocolException($"the XenLayout frame starting at run {runs.Count}", $"run {frame.Correlation}", offset);
            }

            XenWire.DecodeRuns(frame.Payload, runs);
            if (runs.Count > hello.Runs)
            {
                throw new PageProtocolException($"{hello.Runs} runs as the hello said", $"{runs.Count}", offset);
            }
        }

        var layout = XenImageLayout.FromRuns(runs, hello.ImageBytes);
        if (layout.SlotCount != hello.Slots)
        {
            throw new PageProtocolException($"runs holding the hello's {hello.Slots} slots", $"{layout.SlotCount}", reader.Offset);
        }

        return layout;
    }

    /// <summary>Writes every record chunk at its offset; they must come in the order <see cref="XenImageDigest.RecordChunks"/> gives.</summary>
    private async Task<long> ReadRecordsAsync(XenFrameReader reader, XenImageLayout layout, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(PartialPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        long written = 0;
        foreach (var (offset, length) in XenImageDigest.RecordChunks(layout))
        {
            long at = reader.Offset;
            using var frame = await NextAsync(reader, PageFrameType.XenRecords, cancellationToken).ConfigureAwait(false);
            if (frame.Correlation != (ulong)offset || frame.Length != length)
            {
                throw new PageProtocolException($"{length} record bytes for offset {offset}", $"{frame.Length} bytes for offset {frame.Correlation}", at);
            }

            RandomAccess.Write(file, frame.Payload, offset);
            written += length;
        }

        return written;
    }

    /// <summary>Copies every slot to its run in the partial image and computes the image digest from what was written.</summary>
    private PageHash Assemble(XenImageLayout layout)
    {
        var digest = new XenImageDigest(_engine);
        using var image = File.OpenHandle(PartialPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var buffer = new byte[Math.Max(XenWire.RecordBytesPerFrame, PageSize.BatchPages * PageSize.Bytes)];
        foreach (var (offset, length) in XenImageDigest.RecordChunks(layout))
        {
            XenFiles.ReadExactly(image, PartialPath, buffer.AsSpan(0, length), offset);
            digest.AddBytes(buffer.AsSpan(0, length));
        }

        using (var slots = File.OpenHandle(SlotsPath, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            long slot = 0;
            foreach (var run in layout.Runs)
            {
                for (int done = 0; done < run.Pages;)
                {
                    int n = Math.Min(PageSize.BatchPages, run.Pages - done);
                    var span = buffer.AsSpan(0, n * PageSize.Bytes);
                    XenFiles.ReadExactly(slots, SlotsPath, span, (slot + done) * PageSize.Bytes);
                    for (int i = 0; i < n; i++)
                    {
                        digest.AddBytes(span.Slice(i * PageSize.Bytes, PageSize.Bytes));
                    }

                    RandomAccess.Write(image, span, run.FileOffset + ((long)done * PageSize.Bytes));
                    done += n;
                }

                slot += run.Pages;
            }
        }

        RandomAccess.FlushToDisk(image);
        return digest.Finish();
    }

    /// <summary>The sender's next frame (of <paramref name="expected"/> type when given) within the idle timeout; an Abort throws with its reason.</summary>
    private async Task<PageFrame> NextAsync(XenFrameReader reader, PageFrameType? expected, CancellationToken cancellationToken)
    {
        long offset = reader.Offset;
        var frame = await reader.ReadAsync(cancellationToken).WaitAsync(_options.IdleTimeout, cancellationToken).ConfigureAwait(false);
        if (frame.Type == PageFrameType.Abort)
        {
            using (frame)
            {
                throw new PeerAbortedException($"peer aborted the move: {Encoding.UTF8.GetString(frame.Payload)}");
            }
        }

        if (expected is not null && frame.Type != expected)
        {
            using (frame)
            {
                throw new PageProtocolException($"a {expected} frame", $"a {frame.Type} frame", offset);
            }
        }

        return frame;
    }

    private void Discard()
    {
        foreach (var path in new[] { PartialPath, SlotsPath })
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: a leftover temporary file is named after the output and replaced by the next move.
            }
        }
    }

    private static async Task AbortAsync(PageConnection writer, string reason)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await writer.WriteTextAsync(PageFrameType.Abort, reason, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The sender is gone already.
        }
    }

    private XenReceiveResult Result(bool written, string? reason, XenImageHello? hello, PageReceiver? pages, long recordBytes, XenFrameReader reader, Stopwatch clock) =>
        new(written, reason, _options.Output, hello?.ImageBytes ?? 0, hello?.Slots ?? 0, pages?.Counters.PagesReceived ?? 0, pages?.Counters.PagesFromStore ?? 0,
            recordBytes, reader.Offset, clock.Elapsed.TotalMilliseconds);

    private void Report(string line) => ProgressReported?.Invoke(line);

    /// <summary>The sender sent Abort: nothing is answered on that connection.</summary>
    private sealed class PeerAbortedException(string message) : MigrationException(message);
}
