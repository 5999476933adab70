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
using FtActors.Qemu;

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
        using var early = _options.StorePath is null || _options.StoreHold is not null ? null : PageStore.Open(_options.StorePath);
        var listener = new TcpListener(_options.Listen);
        listener.Start(16);
        var sockets = new List<TcpClient>();
        try
        {
            listening?.Invoke();
            Report($"listening on {_options.Listen}");
            PageConnection connection;
            try
            {
                connection = await AcceptAsync(listener, sockets, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException e)
            {
                Report($"aborted: {e.Message}");
                return new ReceiverResult(false, e.Message, null, null, 0, 0, 0, 0, 0);
            }

            await using (connection.ConfigureAwait(false))
            {
                using var hold = early is null && _options.StorePath is not null ? _options.StoreHold?.Invoke() : null;
                using var late = hold is null ? null : PageStore.Open(_options.StorePath!);
                var store = early ?? late;
                var peer = sockets[0].Client.RemoteEndPoint?.ToString() ?? "?";
                var result = await ServeAsync(connection, store, peer, ct => AcceptAsync(listener, sockets, ct), cancellationToken).ConfigureAwait(false);
                _options.Metrics?.DestinationSession(result.Destination ?? "?", result);
                return result;
            }
        }
        finally
        {
            listener.Stop();
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Accepts one page connection (TLS when configured); a TLS refusal throws <see cref="MigrationException"/>.</summary>
    private async Task<PageConnection> AcceptAsync(TcpListener listener, List<TcpClient> sockets, CancellationToken cancellationToken)
    {
        var tcp = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
        sockets.Add(tcp);
        tcp.NoDelay = true;
        tcp.ReceiveBufferSize = 4 << 20;
        Stream stream = tcp.GetStream();
        if (_options.Tls is not null)
        {
            // Read before the handshake: a refused stream disposes the socket, and the operator needs to know who was refused.
            var peer = tcp.Client.RemoteEndPoint?.ToString() ?? "?";
            try
            {
                stream = await PageTls.ServerAsync(stream, _options.Tls, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationException e)
            {
                throw new MigrationException($"{e.Message} (the sender at {peer})", e);
            }
        }

        return new PageConnection(stream);
    }

    private async Task<ReceiverResult> ServeAsync(
        PageConnection connection, PageStore? store, string peer, Func<CancellationToken, Task<PageConnection>> acceptLane, CancellationToken outerToken)
    {
        // Cancelled when a further lane fails, so the first connection's loop stops waiting and aborts.
        using var session = CancellationTokenSource.CreateLinkedTokenSource(outerToken);
        var cancellationToken = session.Token;
        var lanes = new List<(PageConnection Connection, PageReceiver Receiver, Task Loop)>();
        Exception? laneFailure = null;
        SessionHello hello;
        try
        {
            using var frame = await connection.ReadAsync(PageFrameType.Hello, cancellationToken).WaitAsync(_options.IdleTimeout, cancellationToken).ConfigureAwait(false);
            hello = PageConnection.ParseJson(frame, PageWireJsonContext.Default.SessionHello);
        }
        catch (Exception e) when (e is PageProtocolException or IOException or TimeoutException or SocketException)
        {
            // No session yet, nothing started: a refusal for this one connection, not a fault of the spare.
            // Under TLS 1.3 a sender that refuses this spare's certificate closes here, after its handshake ended.
            var reason = $"the sender at {peer} sent no session hello{(_options.Tls is null ? string.Empty : " (it may have refused this spare's certificate)")}: {e.Message}";
            LogMessages.ReceiverAborted(_logger, Guid.Empty, reason);
            Report($"aborted: {reason}");
            return new ReceiverResult(false, reason, null, null, 0, 0, 0, connection.BytesRead, store?.PageCount ?? 0);
        }

        LogMessages.ReceiverSession(_logger, hello.SessionId, hello.Guest, peer);
        var destName = _options.DestinationName ?? hello.Guest + "-dst";
        long held = store?.PageCount ?? 0;
        QemuGuest? guest = null;
        PageReceiver? receiver = null;
        var rounds = 0;
        double startMs = 0;
        Task<QemuGuest>? starting = null;
        var committed = false;
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

            if (hello.Lane != 0 || hello.Lanes is < 1 or > 16)
            {
                throw new MigrationException($"a session's first hello was expected (lane 0 of 1..16 lanes), found lane {hello.Lane} of {hello.Lanes}");
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var expectedBytes = (long)hello.MemoryMiB << 20;
            string ramFile;
            if (_options.RamFile is { } given)
            {
                // The RAM file's path is known before QEMU runs: create it (all zero, sparse) and start QEMU
                // while round 0 already fills it. QEMU maps an existing file of the right size as it is and
                // writes nothing into guest RAM while it waits for incoming state. The first RoundDone waits
                // for the start, so the device state never finds QEMU missing; a failed start aborts at once.
                ramFile = Path.GetFullPath(given);
                CreateFreshRamFile(ramFile, expectedBytes);
                // On the pool: QemuGuest.StartAsync forks QEMU synchronously, which must not hold up the welcome.
                starting = Task.Run(() => StartDestinationAsync(hello, destName, cancellationToken), CancellationToken.None);
                _ = starting.ContinueWith(
                    t =>
                    {
                        laneFailure ??= t.Exception!.InnerException;
                        session.Cancel();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
            else
            {
                guest = await StartDestinationAsync(hello, destName, cancellationToken).ConfigureAwait(false);
                startMs = clock.Elapsed.TotalMilliseconds;
                ramFile = guest.RamPath ?? throw new MigrationException("the destination guest has no shared RAM file");
            }

            if (new FileInfo(ramFile).Length != expectedBytes)
            {
                throw new MigrationException($"the destination RAM file {ramFile} was expected to be {expectedBytes} bytes, found {new FileInfo(ramFile).Length}");
            }

            receiver = new PageReceiver(ramFile, store, _engine);
            await SendWelcomeAsync(connection, store, destName, startMs, cancellationToken).ConfigureAwait(false);
            Report($"destination {destName} {(starting is null ? $"started in {startMs:0} ms" : "starting alongside round 0")}, waits for device state on {_options.Listen.Address}:{DevicePort}; store holds {held} hashes; {hello.Lanes} page connection(s); welcome and hashes sent {clock.Elapsed.TotalMilliseconds:0} ms after the hello");
            for (var lane = 1; lane < hello.Lanes; lane++)
            {
                var extra = await acceptLane(cancellationToken).WaitAsync(_options.IdleTimeout, cancellationToken).ConfigureAwait(false);
                var laneReceiver = new PageReceiver(ramFile, store, _engine);
                try
                {
                    await JoinLaneAsync(extra, hello, lane, destName, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    laneReceiver.Dispose();
                    await extra.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                var loop = Task.Run(async () =>
                {
                    try
                    {
                        await ServeLaneAsync(extra, laneReceiver, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        // Also the normal end: the session's own clean-up cancels every lane.
                        laneFailure ??= e;
                        await session.CancelAsync().ConfigureAwait(false);
                    }
                }, CancellationToken.None);
                lanes.Add((extra, laneReceiver, loop));
            }

            var applier = new RoundApplier(connection, receiver);
            var roundClock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                PageFrame frame;
                try
                {
                    frame = await connection.ReadAsync(cancellationToken).WaitAsync(_options.IdleTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (laneFailure is not null && !outerToken.IsCancellationRequested)
                {
                    throw SessionFailure(laneFailure);
                }

                using var frameScope = frame;
                if (frame.Type == PageFrameType.RoundStart)
                {
                    roundClock.Restart();
                }

                // The first RoundEnd waits for QEMU: the sender may pause the source right after round 0, and
                // waiting then would be downtime.
                if (frame.Type == PageFrameType.RoundEnd && guest is null && starting is not null)
                {
                    guest = await starting.ConfigureAwait(false);
                    startMs = clock.Elapsed.TotalMilliseconds;
                    Report($"destination {destName} started {startMs:0} ms after the hello, overlapped with round {frame.Correlation}");
                }

                if (await applier.HandleAsync(frame, cancellationToken).ConfigureAwait(false))
                {
                    if (frame.Type == PageFrameType.RoundEnd)
                    {
                        rounds++;
                        receiver.Counters.Rounds = rounds;
                        Report($"round {frame.Correlation} applied in {roundClock.Elapsed.TotalMilliseconds:0} ms ({receiver.Counters.ApplyMs:0} ms applying on the first connection so far): {receiver.Counters.PagesReceived + lanes.Sum(l => l.Receiver.Counters.PagesReceived)} pages received, {receiver.Counters.PagesFromStore + lanes.Sum(l => l.Receiver.Counters.PagesFromStore)} from the store so far");
                    }

                    continue;
                }

                switch (frame.Type)
                {
                    case PageFrameType.Verify:
                        var digest = await Task.Run(() => RamDigest.Compute(ramFile, _engine), cancellationToken).ConfigureAwait(false);
                        var bytes = new byte[16];
                        BinaryPrimitives.WriteUInt64LittleEndian(bytes, digest.Low);
                        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), digest.High);
                        await connection.WriteAsync(PageFrameType.Digest, 0, bytes, cancellationToken).ConfigureAwait(false);
                        break;
                    case PageFrameType.Commit:
                        var resume = frame.Length == 1 && frame.Payload[0] == 1;
                        guest ??= await (starting ?? throw new MigrationException("no destination QEMU to commit")).ConfigureAwait(false);
                        var status = await WaitForIncomingAsync(guest.Qmp, cancellationToken).ConfigureAwait(false);
                        if (resume)
                        {
                            await guest.Qmp.ContAsync(cancellationToken).ConfigureAwait(false);
                            status = await guest.Qmp.QueryStatusAsync(cancellationToken).ConfigureAwait(false);
                        }

                        await connection.WriteTextAsync(PageFrameType.Committed, status.Status, cancellationToken).ConfigureAwait(false);
                        LogMessages.ReceiverCommitted(_logger, hello.SessionId, destName, status.Status);
                        Report($"committed: {destName} is {status.Status}");
                        // The guest now lives here: leave QEMU running and registered with the lab.
                        await guest.DetachAsync().ConfigureAwait(false);
                        guest = null;
                        committed = true;
                        return new ReceiverResult(
                            true, null, destName, status.Status, rounds, receiver.Counters.PagesReceived + lanes.Sum(l => l.Receiver.Counters.PagesReceived),
                            receiver.Counters.PagesFromStore + lanes.Sum(l => l.Receiver.Counters.PagesFromStore), connection.BytesRead + lanes.Sum(l => l.Connection.BytesRead), held);
                    case PageFrameType.Abort:
                        throw new MigrationException($"the sender aborted: {Encoding.UTF8.GetString(frame.Payload)}");
                    default:
                        throw new PageProtocolException(applier.InRound ? "Batch or RoundEnd" : "RoundStart, Verify, Commit or Abort", $"a {frame.Type} frame", connection.BytesRead);
                }
            }
        }
        catch (Exception caught) when (caught is MigrationException or QemuException or IOException or TimeoutException or SocketException
            || (caught is OperationCanceledException && laneFailure is not null && !outerToken.IsCancellationRequested))
        {
            // A destination QEMU starting alongside round 0 (--ram-file) can fail while further connections are
            // still being accepted: its failure, not the cancellation it caused, is the session's reason.
            var e = caught is OperationCanceledException ? SessionFailure(laneFailure!) : caught;
            LogMessages.ReceiverAborted(_logger, hello.SessionId, e.Message);
            Report($"aborted: {e.Message}");
            // The reason goes out on every page connection, before any of them closes: the sender learns of the
            // abort on whichever connection it reads first, and frames arrive in order, so it reads the reason
            // there rather than only a closed connection.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            foreach (var target in lanes.Select(l => l.Connection).Prepend(connection))
            {
                try
                {
                    await target.WriteTextAsync(PageFrameType.Abort, e.Message, cts.Token).ConfigureAwait(false);
                }
                catch (Exception send) when (send is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    // The sender is gone already, or this connection broke.
                }
            }

            return new ReceiverResult(false, e.Message, destName, null, rounds, receiver?.Counters.PagesReceived ?? 0, receiver?.Counters.PagesFromStore ?? 0, connection.BytesRead, held);
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            foreach (var lane in lanes)
            {
                await lane.Connection.DisposeAsync().ConfigureAwait(false);
                await lane.Loop.ConfigureAwait(false);
                lane.Receiver.Dispose();
            }

            receiver?.Dispose();
            if (!committed && guest is null && starting is not null)
            {
                try
                {
                    guest = await starting.ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // It never started; its failure is the session's reason already.
                }

                if (guest is null && _options.RamFile is not null)
                {
                    // Logged, not thrown: the session's result (or its error) is what the caller must see.
                    FileCleanup.TryDeleteFile(_options.RamFile, _logger);
                }
            }

            if (guest is not null)
            {
                // Not committed: the destination is discarded (QEMU ended, run directory and RAM file removed).
                var ram = guest.RamPath;
                await guest.DisposeAsync().ConfigureAwait(false);
                if (_options.RamFile is not null && ram is not null)
                {
                    FileCleanup.TryDeleteFile(ram, _logger);
                }
            }
        }
    }

    /// <summary>
    /// Waits until the destination has loaded the device state (it leaves <c>inmigrate</c>); a <c>cont</c>
    /// before that would be overridden by the source's paused state. The source is paused meanwhile, so this
    /// polls every 5 ms (the lab's own wait polls every 50 ms, up to 50 ms more downtime).
    /// </summary>
    private async Task<FtActors.Qemu.Qmp.VmStatus> WaitForIncomingAsync(FtActors.Qemu.Qmp.QmpClient qmp, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await qmp.QueryStatusAsync(cancellationToken).ConfigureAwait(false);
            if (status.Status != "inmigrate")
            {
                return status;
            }

            if (clock.Elapsed >= _options.IdleTimeout)
            {
                throw new MigrationException($"the destination was expected to finish loading the device state within {_options.IdleTimeout.TotalSeconds:0} s, found it still in inmigrate");
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The session's abort reason for a failure of the destination's start or of a further page connection.</summary>
    private static MigrationException SessionFailure(Exception failure) =>
        failure is MigrationException or QemuException
            ? new MigrationException(failure.Message, failure)
            : new MigrationException($"a further page connection failed: {failure.Message}", failure);

    private static void CreateFreshRamFile(string path, long bytes)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength(bytes);
    }

    private int DevicePort => _options.DevicePort != 0 ? _options.DevicePort : _options.Listen.Port + 1;

    private async Task<QemuGuest> StartDestinationAsync(SessionHello hello, string name, CancellationToken cancellationToken)
    {
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

    /// <summary>Reads a joining lane's hello (same session, the expected lane) and answers with a short welcome.</summary>
    private async Task JoinLaneAsync(PageConnection lane, SessionHello first, int index, string destName, CancellationToken cancellationToken)
    {
        SessionHello hello;
        using (var frame = await lane.ReadAsync(PageFrameType.Hello, cancellationToken).WaitAsync(_options.IdleTimeout, cancellationToken).ConfigureAwait(false))
        {
            hello = PageConnection.ParseJson(frame, PageWireJsonContext.Default.SessionHello);
        }

        if (hello.SessionId != first.SessionId || hello.Lane != index || hello.Lanes != first.Lanes)
        {
            throw new MigrationException($"page connection {index} of session {first.SessionId:N} was expected, found connection {hello.Lane} of {hello.Lanes} of session {hello.SessionId:N}");
        }

        var welcome = new SessionWelcome(Guid.Empty, 0, 0, DevicePort, _options.Listen.Address.ToString(), destName);
        await lane.WriteJsonAsync(PageFrameType.Welcome, welcome, PageWireJsonContext.Default.SessionWelcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves a further lane: rounds of batches only (digest, commit and abort travel on the first
    /// connection). Returns when the sender closes it; throws on any fault, which aborts the session.
    /// </summary>
    private static async Task ServeLaneAsync(PageConnection lane, PageReceiver receiver, CancellationToken cancellationToken)
    {
        var rounds = new RoundApplier(lane, receiver);
        while (true)
        {
            PageFrame frame;
            try
            {
                frame = await lane.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PageProtocolException) when (!rounds.InRound)
            {
                // The sender closed the connection between rounds (after the commit or an abort on the first one).
                return;
            }

            using (frame)
            {
                if (!await rounds.HandleAsync(frame, cancellationToken).ConfigureAwait(false))
                {
                    throw new PageProtocolException(rounds.InRound ? "Batch or RoundEnd" : "RoundStart", $"a {frame.Type} frame on a further page connection", lane.BytesRead);
                }
            }
        }
    }

    private async Task SendWelcomeAsync(PageConnection connection, PageStore? store, string destName, double startMs, CancellationToken cancellationToken)
    {
        var hashes = store?.AllHashes() ?? [];
        var id = store?.Identity;
        var welcome = new SessionWelcome(id?.StoreId ?? Guid.Empty, id?.Generation ?? 0, hashes.Length, DevicePort, _options.Listen.Address.ToString(), destName)
        {
            DestinationStartMs = startMs,
        };
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
