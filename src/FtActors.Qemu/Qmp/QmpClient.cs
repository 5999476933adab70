using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Qemu.Qmp;

/// <summary>
/// An asynchronous client for QEMU's machine protocol over a Unix socket. Commands carry integer ids
/// and may overlap; one background loop reads every line, completes the command it answers, and hands
/// events to subscribers and waiters. Any protocol or I/O error breaks the connection: every waiting
/// command then fails with <see cref="QmpProtocolException"/> (we never try to resynchronise a stream).
/// </summary>
public sealed class QmpClient : IAsyncDisposable
{
    private readonly string _path;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, PendingCommand> _pending = new();
    private readonly Lock _eventLock = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Copy-on-write under _eventLock so the read loop can walk them without holding the lock.
    private List<Action<QmpEvent>> _subscribers = [];
    private List<EventWaiter> _waiters = [];
    private long _nextId;
    private Exception? _fault;
    private Task _readLoop = Task.CompletedTask;
    private int _disposed;

    private QmpClient(string path, Socket socket, ILogger logger)
    {
        _path = path;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        _logger = logger;
        Greeting = new QmpGreeting(new JsonObject(), []);
    }

    /// <summary>QEMU's greeting on this connection.</summary>
    public QmpGreeting Greeting { get; private set; }

    /// <summary>How long a command may wait for its answer before it fails. Default 2 minutes.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Completes when the connection is closed, by either side.</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// Connects to the socket, reads the greeting and leaves capabilities-negotiation mode. Retries the
    /// connect until <paramref name="timeout"/> because QEMU creates the socket a moment after it starts.
    /// </summary>
    /// <exception cref="QemuException">No QMP server answered at <paramref name="socketPath"/> in time.</exception>
    public static async Task<QmpClient> ConnectAsync(
        string socketPath, TimeSpan timeout, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        logger ??= NullLogger.Instance;
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                var client = new QmpClient(socketPath, socket, logger);
                try
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    cts.CancelAfter(timeout < TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : timeout);
                    await client.HandshakeAsync(cts.Token).ConfigureAwait(false);
                    return client;
                }
                catch
                {
                    await client.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new QemuException(
                    $"no QMP server at {socketPath} within {timeout.TotalSeconds:0.#} s (last error: {last?.Message})", last!);
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new QmpProtocolException("a QMP greeting", "end of stream", 0);
        Greeting = QmpMessageParser.Parse(line) as QmpGreeting
            ?? throw new QmpProtocolException("a QMP greeting", line.Length > 80 ? line[..80] : line, 0);
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
        await ExecuteAsync("qmp_capabilities", null, cancellationToken).ConfigureAwait(false);
        Log.QmpConnected(_logger, _path, Greeting.VersionText);
    }

    /// <summary>
    /// Sends <paramref name="command"/> with optional <paramref name="arguments"/> and returns QEMU's
    /// <c>return</c> value (often an empty object).
    /// </summary>
    /// <exception cref="QmpException">QEMU answered with an error.</exception>
    /// <exception cref="QmpProtocolException">The connection broke before the answer.</exception>
    /// <exception cref="QemuException">No answer within <see cref="CommandTimeout"/>.</exception>
    public async Task<JsonNode?> ExecuteAsync(
        string command, JsonObject? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ThrowIfBroken();
        var id = Interlocked.Increment(ref _nextId);
        var pending = new PendingCommand(command);
        _pending[id] = pending;
        try
        {
            var message = new JsonObject { ["execute"] = command, ["id"] = id };
            if (arguments is not null)
            {
                message["arguments"] = arguments.DeepClone();
            }

            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
            Log.QmpCommand(_logger, command, id);
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                Break(e);
                throw new QmpProtocolException($"QMP connection to {_path} broke while sending '{command}'", e);
            }
            finally
            {
                _writeLock.Release();
            }

            // The read loop may have failed this command already (broken connection); re-check so
            // we never wait for an answer that cannot come.
            ThrowIfBroken();
            try
            {
                return await pending.Completion.Task.WaitAsync(CommandTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new QemuException(
                    $"QMP command '{command}' got no answer from {_path} within {CommandTimeout.TotalSeconds:0} s", e);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> for every event until the returned handle is disposed. Handlers
    /// run on the read loop: they must be quick and must not call back into this client synchronously.
    /// </summary>
    public IDisposable Subscribe(Action<QmpEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_eventLock)
        {
            _subscribers = [.. _subscribers, handler];
        }

        return new Subscription(this, handler);
    }

    /// <summary>
    /// Waits for the next event named <paramref name="name"/> (that also satisfies
    /// <paramref name="predicate"/>) arriving after this call. Start the wait before the command
    /// that causes the event, then await it.
    /// </summary>
    /// <exception cref="QemuException">No such event within <paramref name="timeout"/>.</exception>
    /// <exception cref="QmpProtocolException">The connection closed first.</exception>
    public Task<QmpEvent> WaitForEventAsync(
        string name, TimeSpan timeout, Func<QmpEvent, bool>? predicate = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var waiter = new EventWaiter(name, predicate);
        lock (_eventLock)
        {
            if (_fault is not null)
            {
                return Task.FromException<QmpEvent>(Broken());
            }

            _waiters = [.. _waiters, waiter];
        }

        return AwaitEventAsync(waiter, timeout, cancellationToken);
    }

    private async Task<QmpEvent> AwaitEventAsync(EventWaiter waiter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new QemuException(
                $"expected QMP event {waiter.Name} from {_path} within {timeout.TotalSeconds:0.#} s, none came", e);
        }
        finally
        {
            lock (_eventLock)
            {
                _waiters = _waiters.Where(w => !ReferenceEquals(w, waiter)).ToList();
            }
        }
    }

    /// <summary>Returns whether the vCPUs run and QEMU's run state.</summary>
    public async Task<VmStatus> QueryStatusAsync(CancellationToken cancellationToken = default)
    {
        var r = await ExecuteAsync("query-status", null, cancellationToken).ConfigureAwait(false) as JsonObject
            ?? throw new QmpProtocolException("an object from query-status", "something else", -1);
        var running = r["running"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        var status = r["status"] is JsonValue s && s.TryGetValue<string>(out var t) ? t : "unknown";
        return new VmStatus(running, status);
    }

    /// <summary>Pauses the vCPUs (QMP <c>stop</c>).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync("stop", null, cancellationToken);

    /// <summary>Resumes the vCPUs (QMP <c>cont</c>).</summary>
    public Task ContAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync("cont", null, cancellationToken);

    /// <summary>Starts an outgoing migration to <paramref name="uri"/> (<c>tcp:host:port</c>, <c>unix:path</c>, <c>file:path</c>).</summary>
    public Task MigrateAsync(string uri, CancellationToken cancellationToken = default) =>
        ExecuteAsync("migrate", new JsonObject { ["uri"] = uri }, cancellationToken);

    /// <summary>Tells a QEMU started with <c>-incoming defer</c> where to listen.</summary>
    public Task MigrateIncomingAsync(string uri, CancellationToken cancellationToken = default) =>
        ExecuteAsync("migrate-incoming", new JsonObject { ["uri"] = uri }, cancellationToken);

    /// <summary>Cancels the running outgoing migration; the source keeps running.</summary>
    public Task MigrateCancelAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync("migrate_cancel", null, cancellationToken);

    /// <summary>Sets migration capabilities, e.g. <c>x-ignore-shared</c>, <c>pause-before-switchover</c>.</summary>
    public Task MigrateSetCapabilitiesAsync(
        IReadOnlyDictionary<string, bool> capabilities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var list = new JsonArray();
        foreach (var (name, state) in capabilities)
        {
            list.Add(new JsonObject { ["capability"] = name, ["state"] = state });
        }

        return ExecuteAsync("migrate-set-capabilities", new JsonObject { ["capabilities"] = list }, cancellationToken);
    }

    /// <summary>Sets migration parameters (<c>max-bandwidth</c> in bytes/s, <c>downtime-limit</c> in ms...).</summary>
    public Task MigrateSetParametersAsync(JsonObject parameters, CancellationToken cancellationToken = default) =>
        ExecuteAsync("migrate-set-parameters", parameters, cancellationToken);

    /// <summary>Reads the migration state and counters.</summary>
    public async Task<MigrationInfo> QueryMigrateAsync(CancellationToken cancellationToken = default) =>
        MigrationInfo.FromJson(await ExecuteAsync("query-migrate", null, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Polls <c>query-migrate</c> until the migration completes, fails or is cancelled, or
    /// <paramref name="giveUpAfter"/> passes; then returns the last state seen (which may still be active).
    /// </summary>
    public async Task<MigrationInfo> WaitForMigrationAsync(
        TimeSpan giveUpAfter, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + giveUpAfter;
        while (true)
        {
            var info = await QueryMigrateAsync(cancellationToken).ConfigureAwait(false);
            if (info.IsFinished || DateTime.UtcNow >= deadline)
            {
                return info;
            }

            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="size"/> bytes of guest-physical memory from <paramref name="address"/> to a host file.</summary>
    public Task PmemSaveAsync(long address, long size, string file, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "pmemsave",
            new JsonObject { ["val"] = address, ["size"] = size, ["filename"] = file },
            cancellationToken);

    /// <summary>
    /// Writes the guest's memory to <paramref name="file"/> as an ELF core (or <paramref name="format"/>:
    /// <c>kdump-zlib</c>, <c>kdump-raw-zlib</c>...), synchronously: the call returns when the file is complete.
    /// </summary>
    public Task DumpGuestMemoryAsync(string file, string? format = null, CancellationToken cancellationToken = default)
    {
        var args = new JsonObject { ["paging"] = false, ["protocol"] = "file:" + file, ["detach"] = false };
        if (format is not null)
        {
            args["format"] = format;
        }

        return ExecuteAsync("dump-guest-memory", args, cancellationToken);
    }

    /// <summary>Asks QEMU to exit. QEMU may close the socket before or right after answering; both count as success.</summary>
    public async Task QuitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await ExecuteAsync("quit", null, cancellationToken).ConfigureAwait(false);
        }
        catch (QmpProtocolException)
        {
            // The socket closed as QEMU exited: that is what quit asks for.
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_shutdown.IsCancellationRequested)
            {
                var line = await _reader.ReadLineAsync(_shutdown.Token).ConfigureAwait(false);
                if (line is null)
                {
                    Break(new QmpProtocolException($"QMP connection to {_path} closed by QEMU"));
                    return;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                Dispatch(QmpMessageParser.Parse(line));
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            Break(new QmpProtocolException($"QMP connection to {_path} was closed"));
        }
        catch (Exception e) when (e is IOException or SocketException or QmpProtocolException or ObjectDisposedException)
        {
            Log.QmpBroken(_logger, _path, e);
            Break(e);
        }
    }

    private void Dispatch(QmpMessage message)
    {
        switch (message)
        {
            case QmpReturn r when r.Id is { } id && _pending.TryGetValue(id, out var p):
                p.Completion.TrySetResult(r.Value);
                break;
            case QmpError e when e.Id is { } id && _pending.TryGetValue(id, out var p):
                p.Completion.TrySetException(new QmpException(p.Command, e.ErrorClass, e.Description));
                break;
            case QmpEvent ev:
                DeliverEvent(ev);
                break;
            default:
                // An answer to a command nobody waits for (cancelled or timed out): nothing to do.
                break;
        }
    }

    private void DeliverEvent(QmpEvent ev)
    {
        Log.QmpEvent(_logger, ev.Name);
        List<Action<QmpEvent>> subscribers;
        List<EventWaiter> waiters;
        lock (_eventLock)
        {
            subscribers = _subscribers;
            waiters = _waiters;
        }

        foreach (var s in subscribers)
        {
            try
            {
                s(ev);
            }
            catch (Exception e)
            {
                // A subscriber's bug must not take the connection down with it.
                Log.QmpSubscriberFailed(_logger, ev.Name, e);
            }
        }

        foreach (var w in waiters)
        {
            if (w.Name == ev.Name)
            {
                try
                {
                    if (w.Predicate is null || w.Predicate(ev))
                    {
                        w.Completion.TrySetResult(ev);
                    }
                }
                catch (Exception e)
                {
                    w.Completion.TrySetException(e);
                }
            }
        }
    }

    private void Break(Exception cause)
    {
        List<EventWaiter> waiters;
        lock (_eventLock)
        {
            _fault ??= cause;
            waiters = _waiters;
        }

        var error = Broken();
        foreach (var p in _pending.Values)
        {
            p.Completion.TrySetException(error);
        }

        foreach (var w in waiters)
        {
            w.Completion.TrySetException(error);
        }

        _closed.TrySetResult();
    }

    private QmpProtocolException Broken() =>
        _fault as QmpProtocolException
        ?? new QmpProtocolException($"QMP connection to {_path} is broken: {_fault?.Message}", _fault!);

    private void ThrowIfBroken()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _fault) is not null)
        {
            throw Broken();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by QEMU.
        }

        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }

        Break(new QmpProtocolException(string.Create(CultureInfo.InvariantCulture, $"QMP connection to {_path} was closed")));
        _shutdown.Dispose();
        // The write lock is deliberately not disposed: a command still sending releases it in its finally, and a
        // disposed lock would throw there instead of the command's QmpProtocolException. It holds no wait handle.
    }

    private void Unsubscribe(Action<QmpEvent> handler)
    {
        lock (_eventLock)
        {
            _subscribers = _subscribers.Where(s => s != handler).ToList();
        }
    }

    private sealed class PendingCommand(string command)
    {
        public string Command { get; } = command;

        public TaskCompletionSource<JsonNode?> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class EventWaiter(string name, Func<QmpEvent, bool>? predicate)
    {
        public string Name { get; } = name;

        public Func<QmpEvent, bool>? Predicate { get; } = predicate;

        public TaskCompletionSource<QmpEvent> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Subscription(QmpClient owner, Action<QmpEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(handler);
            }
        }
    }
}
