using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using FtActors.Migration.Wire;
using FtActors.Pages;
using FtActors.Remoting;
using FtActors.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Upkeep;

/// <summary>
/// A spare's page store as the upkeep feeds it: the store's single writer (<see cref="StoreWriterActor"/>), a
/// TCP listener for store feeds (optionally mutual TLS), one <see cref="FeedReceiverActor"/> per feed, and the
/// collection hold a migration takes while it reads the store.
/// </summary>
public sealed class SpareStoreService : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly TcpListener _listener;
    private readonly TlsOptions? _tls;
    private readonly IPageEngine? _engine;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holds;
    private int _disposed;

    private SpareStoreService(ActorSystem system, string directory, TcpListener listener, TlsOptions? tls, IPageEngine? engine, ILogger logger, PageStoreWriter writer, UpkeepSettings settings)
    {
        _system = system;
        Directory = directory;
        _listener = listener;
        _tls = tls;
        _engine = engine;
        _logger = logger;
        Writer = system.ActorOf(StoreWriterActor.Props(writer, () => Volatile.Read(ref _holds) > 0, settings.FeedCommitPages, logger, _writerStopped), "store-writer-" + Guid.NewGuid().ToString("N")[..8]);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    /// <summary>The store directory.</summary>
    public string Directory { get; }

    /// <summary>Where the feed listener accepts (the bound port when 0 was asked for).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>The store's writer actor (send it <see cref="CollectStoreGarbage"/> to collect; it defers while held).</summary>
    public IActorRef Writer { get; }

    /// <summary>True while at least one collection hold is taken.</summary>
    public bool IsCollectionHeld => Volatile.Read(ref _holds) > 0;

    /// <summary>
    /// Opens (or creates) the store in <paramref name="directory"/> and starts listening for feeds on
    /// <paramref name="listen"/>. The service holds the store's writer lock until disposed.
    /// </summary>
    /// <exception cref="StoreException">The store is corrupt or another writer holds it.</exception>
    /// <exception cref="UpkeepException">The address cannot be bound.</exception>
    public static SpareStoreService Start(ActorSystem system, string directory, IPEndPoint listen, UpkeepSettings settings,
        TlsOptions? tls = null, IPageEngine? engine = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(settings);
        IPageBatchEngine batchEngine = engine as IPageBatchEngine ?? PageEngines.Default;
        PageStoreWriter writer = PageStore.Exists(directory) ? PageStoreWriter.Open(directory, batchEngine) : PageStoreWriter.Create(directory, batchEngine);
        var listener = new TcpListener(listen);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            writer.Dispose();
            throw new UpkeepException($"store feed: cannot listen on {listen}: {e.Message}", e);
        }

        ILogger logger = (ILogger?)loggerFactory?.CreateLogger<SpareStoreService>() ?? NullLogger.Instance;
        return new SpareStoreService(system, directory, listener, tls, engine, logger, writer, settings);
    }

    /// <summary>
    /// Takes a collection hold: until it is disposed, the feed writes only to new slots at the end of the page
    /// area and garbage collection is deferred, so a reader that opened an older generation (a migration
    /// receiver filling a guest from this store) keeps reading the bytes its manifest names. Take it before
    /// opening the store for a migration and dispose it after the migration closes the store. Holds nest.
    /// </summary>
    public IDisposable HoldCollection()
    {
        Interlocked.Increment(ref _holds);
        return new Hold(this);
    }

    /// <summary>Asks the writer to collect garbage; null when a hold deferred it.</summary>
    public async Task<GcReport?> CollectGarbageAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        (await Writer.Ask<CollectionResult>(new CollectStoreGarbage(), timeout, cancellationToken).ConfigureAwait(false)).Report;

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => AcceptOneAsync(socket, ct), ct);
        }
    }

    private async Task AcceptOneAsync(Socket socket, CancellationToken ct)
    {
        string peer = socket.RemoteEndPoint?.ToString() ?? "unknown";
        try
        {
            socket.NoDelay = true;
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (_tls is not null)
            {
                stream = await PageTls.ServerAsync(stream, _tls, ct).ConfigureAwait(false);
            }

            _system.ActorOf(FeedReceiverActor.Props(new FeedConnection(stream), Writer, peer, _engine, _logger));
        }
        catch (Exception e) when (e is Migration.MigrationException or IOException or OperationCanceledException)
        {
            LogMessages.ReceiverBroken(_logger, peer, e.Message);
            socket.Dispose();
        }
    }

    /// <summary>Stops listening and stops the writer, which commits what it has and releases the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        _system.Stop(Writer);
        await _writerStopped.Task.WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class Hold(SpareStoreService owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref owner._holds);
            }
        }
    }
}
