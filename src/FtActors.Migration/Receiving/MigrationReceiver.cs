using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using FtActors.Lab;
using FtActors.Lab.Guests;
using FtActors.Lab.Migration;
using FtActors.Migration.Streaming;
using FtActors.Migration.Wire;
using FtActors.Pages;
using FtActors.Store;
using Microsoft.Extensions.Logging;

namespace FtActors.Migration.Receiving;

/// <summary>
/// The spare's side of one migration: accepts a page connection, starts the destination QEMU with
/// <c>-incoming defer</c> and <c>x-ignore-shared</c> on its own RAM file, declares which hashes its store
/// holds, applies every round's batches (acking each, which returns the sender a credit), answers the
/// digest check, and on commit waits for QEMU to load the device state and resumes it. Anything else
/// (abort, broken connection, bad page, unresolvable reference, timeout) discards the destination.
/// </summary>
public sealed class MigrationReceiver
{
    private const int HashesPerFrame = 65536;
    private readonly ReceiverOptions _options;
    private readonly IPageBatchEngine _engine;
    private readonly ILogger _logger;

    /// <summary>Creates a receiver.</summary>
    public MigrationReceiver(ReceiverOptions options, IPageBatchEngine engine, ILogger logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Raised with progress lines (for the CLI).</summary>
    public event Action<string>? ProgressReported;

    /// <summary>Listens, serves exactly one session and returns how it ended. Throws only for local set-up faults (bad store, busy port).</summary>
    public async Task<ReceiverResult> RunOnceAsync(Action? listening = null, CancellationToken cancellationToken = default)
    {
        using var store = _options.StorePath is null ? null : PageStore.Open(_options.StorePath);
        var listener = new TcpListener(_options.Listen);
        listener.Start(1);
        try
        {
            listening?.Invoke();
            Report($"listening on {_options.Listen}");
            using var tcp = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            tcp.NoDelay = true;
            tcp.ReceiveBufferSize = 4 << 20;
            listener.Stop();
            Stream stream = tcp.GetStream();
            if (_options.Tls is not null)
            {
                try
                {
                    stream = await PageTls.ServerAsync(stream, _options.Tls, cancellationToken).ConfigureAwait(false);
                }
                catch (MigrationException e)
                {
                    return new ReceiverResult(false, e.Message, null, null, 0, 0, 0, 0, 0);
                }
            }

            var connection = new PageConnection(stream);
            await using (connection.ConfigureAwait(false))
            {
                return await ServeAsync(connection, store, tcp.Client.RemoteEndPoint?.ToString() ?? "?", cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task<ReceiverResult> ServeAsync(PageConnection connection, PageStore? store, string peer, CancellationToken cancellationToken)
    {
        SessionHello hello;
        using (var frame = await connection.ReadAsync(PageFrameType.Hello, cancellationToken).WaitAsync(_options.IdleTimeout, cancellationToken).ConfigureAwait(false))
        {
            hello = PageConnection.ParseJson(frame, PageWireJsonContext.Default.SessionHello);
        }

        Log.ReceiverSession(_logger, hello.SessionId, hello.Guest, peer);
        var destName = _options.DestinationName ?? hello.Guest + "-dst";
        long held = store?.PageCount ?? 0;
        QemuGuest? guest = null;
        PageReceiver? receiver = null;
        var rounds = 0;
        try
        {
            if (hello.ProtocolVersion != PageFrameCodec.Version)
            {
                throw new MigrationException($"page protocol version {PageFrameCodec.Version} was expected, the sender speaks {hello.ProtocolVersion}");
            }

            if (hello.StoreId != Guid.Empty && store is not null && store.Identity.StoreId != hello.StoreId)
            {
                throw new MigrationException($"the sender expected store {hello.StoreId:N}, this spare has {store.Identity.StoreId:N}");
            }

            guest = await StartDestinationAsync(hello, destName, cancellationToken).ConfigureAwait(false);
            var ramFile = guest.RamPath ?? throw new MigrationException("the destination guest has no shared RAM file");
            var expectedBytes = (long)hello.MemoryMiB << 20;
            if (new FileInfo(ramFile).Length != expectedBytes)
            {
                throw new MigrationException($"the destination RAM file {ramFile} was expected to be {expectedBytes} bytes, found {new FileInfo(ramFile).Length}");
            }

            receiver = new PageReceiver(ramFile, store, _engine);
            await SendWelcomeAsync(connection, store, guest, destName, cancellationToken).ConfigureAwait(false);
            Report($"destination {destName} waits for device state on {_options.Listen.Address}:{DevicePort}; store holds {held} hashes");

            ulong batchesInRound = 0;
            var inRound = false;
            while (true)
            {
                using var frame = await connection.ReadAsync(cancellationToken).WaitAsync(_options.IdleTimeout, cancellationToken).ConfigureAwait(false);
                switch (frame.Type)
                {
                    case PageFrameType.RoundStart:
                        inRound = true;
                        batchesInRound = 0;
                        break;
                    case PageFrameType.Batch when inRound:
                        receiver.Apply(frame.Payload);
                        batchesInRound++;
                        await connection.WriteAsync(PageFrameType.Ack, frame.Correlation, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                        break;
                    case PageFrameType.RoundEnd when inRound:
                        var sent = frame.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(frame.Payload) : ulong.MaxValue;
                        if (sent != batchesInRound)
                        {
                            throw new PageProtocolException($"{batchesInRound} batches announced at the end of round {frame.Correlation}", $"{sent}", connection.BytesRead);
                        }

                        inRound = false;
                        rounds++;
                        receiver.Counters.Rounds = rounds;
                        Report($"round {frame.Correlation} applied: {receiver.Counters.PagesReceived} pages received, {receiver.Counters.PagesFromStore} from the store so far");
                        await connection.WriteAsync(PageFrameType.RoundDone, frame.Correlation, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                        break;
                    case PageFrameType.Verify:
                        var digest = await Task.Run(() => RamDigest.Compute(ramFile, _engine), cancellationToken).ConfigureAwait(false);
                        var bytes = new byte[16];
                        BinaryPrimitives.WriteUInt64LittleEndian(bytes, digest.Low);
                        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), digest.High);
                        await connection.WriteAsync(PageFrameType.Digest, 0, bytes, cancellationToken).ConfigureAwait(false);
                        break;
                    case PageFrameType.Commit:
                        var resume = frame.Length == 1 && frame.Payload[0] == 1;
                        var status = await PlainMigration.WaitForIncomingAsync(guest.Qmp, _options.IdleTimeout, cancellationToken).ConfigureAwait(false);
                        if (resume)
                        {
                            await guest.Qmp.ContAsync(cancellationToken).ConfigureAwait(false);
                            status = await guest.Qmp.QueryStatusAsync(cancellationToken).ConfigureAwait(false);
                        }

                        await connection.WriteTextAsync(PageFrameType.Committed, status.Status, cancellationToken).ConfigureAwait(false);
                        Log.ReceiverCommitted(_logger, hello.SessionId, destName, status.Status);
                        Report($"committed: {destName} is {status.Status}");
                        // The guest now lives here: leave QEMU running and registered with the lab.
                        await guest.DetachAsync().ConfigureAwait(false);
                        guest = null;
                        return new ReceiverResult(true, null, destName, status.Status, rounds, receiver.Counters.PagesReceived, receiver.Counters.PagesFromStore, connection.BytesRead, held);
                    case PageFrameType.Abort:
                        throw new MigrationException($"the sender aborted: {Encoding.UTF8.GetString(frame.Payload)}");
                    default:
                        throw new PageProtocolException(inRound ? "Batch or RoundEnd" : "RoundStart, Verify, Commit or Abort", $"a {frame.Type} frame", connection.BytesRead);
                }
            }
        }
        catch (Exception e) when (e is MigrationException or LabException or IOException or TimeoutException or SocketException or FtActors.Lab.Qmp.QmpException or FtActors.Lab.Qmp.QmpProtocolException or GuestSpecException)
        {
            Log.ReceiverAborted(_logger, hello.SessionId, e.Message);
            Report($"aborted: {e.Message}");
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await connection.WriteTextAsync(PageFrameType.Abort, e.Message, cts.Token).ConfigureAwait(false);
            }
            catch (Exception send) when (send is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The sender is gone already.
            }

            return new ReceiverResult(false, e.Message, destName, null, rounds, receiver?.Counters.PagesReceived ?? 0, receiver?.Counters.PagesFromStore ?? 0, connection.BytesRead, held);
        }
        finally
        {
            receiver?.Dispose();
            if (guest is not null)
            {
                // Not committed: the destination is discarded (QEMU ended, run directory and RAM file removed).
                var ram = guest.RamPath;
                await guest.DisposeAsync().ConfigureAwait(false);
                if (_options.RamFile is not null && ram is not null)
                {
                    File.Delete(ram);
                }
            }
        }
    }

    private int DevicePort => _options.DevicePort != 0 ? _options.DevicePort : _options.Listen.Port + 1;

    private async Task<QemuGuest> StartDestinationAsync(SessionHello hello, string name, CancellationToken cancellationToken)
    {
        if (_options.RamFile is not null && File.Exists(_options.RamFile))
        {
            // Round 0 skips zero pages: the destination file must start all zero.
            File.Delete(_options.RamFile);
        }

        var spec = new GuestSpec(name)
        {
            MemoryMiB = hello.MemoryMiB,
            Machine = hello.Machine,
            Workload = hello.Workload,
            Mb = hello.Mb,
            VectorKb = hello.VectorKb,
            Iterations = hello.Iterations,
            RamPath = _options.RamFile,
            Incoming = "defer",
            ExtraArgs = _options.ExtraQemuArgs,
        };
        var guest = await QemuGuest.StartAsync(spec, _logger, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await guest.Qmp.MigrateSetCapabilitiesAsync(new Dictionary<string, bool> { ["x-ignore-shared"] = true }, cancellationToken).ConfigureAwait(false);
            await guest.Qmp.MigrateIncomingAsync($"tcp:{_options.Listen.Address}:{DevicePort}", cancellationToken).ConfigureAwait(false);
            return guest;
        }
        catch
        {
            await guest.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SendWelcomeAsync(PageConnection connection, PageStore? store, QemuGuest guest, string destName, CancellationToken cancellationToken)
    {
        var hashes = store?.AllHashes() ?? [];
        var id = store?.Identity;
        var welcome = new SessionWelcome(id?.StoreId ?? Guid.Empty, id?.Generation ?? 0, hashes.Length, DevicePort, _options.Listen.Address.ToString(), destName);
        await connection.WriteJsonAsync(PageFrameType.Welcome, welcome, PageWireJsonContext.Default.SessionWelcome, cancellationToken).ConfigureAwait(false);
        for (var at = 0; at < hashes.Length; at += HashesPerFrame)
        {
            var n = Math.Min(HashesPerFrame, hashes.Length - at);
            var payload = new byte[n * 16];
            for (var i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(i * 16), hashes[at + i].Low);
                BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan((i * 16) + 8), hashes[at + i].High);
            }

            await connection.WriteAsync(PageFrameType.HeldHashes, (ulong)at, payload, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Report(string text) => ProgressReported?.Invoke(text);
}
