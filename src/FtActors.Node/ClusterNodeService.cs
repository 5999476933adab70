using System.Diagnostics;
using System.Net;
using FtActors.Cluster;
using FtActors.Health;
using FtActors.Health.Policy;
using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Membership;
using FtActors.Persistence.PostgreSql;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Sqlite;
using FtActors.Metrics;
using FtActors.Migration.Session;
using FtActors.Remoting;
using FtActors.Remoting.Serialization;
using FtActors.Upkeep;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FtActors.Node;

/// <summary>
/// The hosted service of a node process: starts the actor system, remoting and the cluster membership, runs the
/// placement-coordinator singleton, the health monitor and the <see cref="NodeActor"/> (predictions to migrations),
/// the migration receiver on spares and the admin/metrics HTTP endpoint; prints the machine-readable
/// <c>ftactors-node up</c> line (then <c>ftactors-node admin url=...</c>), and on stop
/// (SIGTERM, Ctrl-C, parent gone) leaves the cluster gracefully. A node declared dead exits with code 3.
/// </summary>
public sealed class ClusterNodeService : IHostedService, IAsyncDisposable
{
    /// <summary>Exit code of a node that found itself declared dead.</summary>
    public const int ExitDeclaredDead = 3;

    private readonly NodeSettings _settings;
    private readonly NodeRuntimeSettings _runtime;
    private readonly HealthSetup _health;
    private readonly int? _parentPid;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private ActorSystem? _system;
    private RemotingNode? _remoting;
    private ClusterNode? _cluster;
    private SpareStoreService? _store;

    /// <summary>Creates the service; nothing starts until the host calls <see cref="StartAsync"/>.</summary>
    public ClusterNodeService(NodeSettings settings, NodeRuntimeSettings runtime, HealthSetup health, NodeRunOptions run, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(health);
        _runtime = runtime;
        _health = health;
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _settings = settings;
        _parentPid = run.ParentPid;
        _lifetime = lifetime;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ClusterNodeService>();
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _settings.Cluster;
        var membershipExecutor = Executor(options.Membership.Provider, options.Membership.ConnectionString);
        var journalExecutor = Executor(_settings.JournalProvider, _settings.JournalConnectionString);
        await new SchemaMigrator(membershipExecutor, logger: _loggerFactory.CreateLogger<SchemaMigrator>()).MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(journalExecutor, membershipExecutor))
        {
            await new SchemaMigrator(journalExecutor, logger: _loggerFactory.CreateLogger<SchemaMigrator>()).MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        _system = ActorSystem.Create(options.Id, new ActorSystemSettings { LoggerFactory = _loggerFactory });
        PersistenceExtension.Register(_system, new SqlJournal(journalExecutor), new SqlSnapshotStore(journalExecutor),
            PlacementEvents.Register(new EventSerializerRegistry().Register("ft.node.coordinator-activated", NodeJsonContext.Default.CoordinatorActivated)
                .Register("ft.node.migration-recorded", NodeJsonContext.Default.MigrationRecorded).AddMigrationEvents()));
        _remoting = RemotingNode.Start(
            new RemotingOptions
            {
                ClusterId = options.Id,
                Host = _settings.Host,
                Port = _settings.Port,
                // Start-time ticks: a restart on the same endpoint is a larger incarnation, as the table expects.
                Incarnation = DateTime.UtcNow.Ticks,
            },
            UpkeepMessages.Register(ClusterMessages.Register(new MessageRegistry())),
            new ActorSystemResolver(_system),
            _loggerFactory);
        var address = _remoting.Address.ToString();
        Log.Starting(_logger, address, _remoting.Incarnation, options.Membership.Provider);
        _cluster = ClusterNode.Start(_system, _remoting, new SqlMembershipTable(membershipExecutor, options.Id, _loggerFactory.CreateLogger<SqlMembershipTable>()),
            options, new NodeCapacity(Environment.ProcessorCount, AvailableMemory(), StoreCapacity()), _loggerFactory);
        var pubSub = _cluster.PubSub(PlacementEvents.RegisterAnnouncements(new EventSerializerRegistry().Register(FailurePrediction.ManifestName, FailurePredictionJson.TypeInfo)));
        var announcer = _system.ActorOf(PlacementAnnouncer.Props(pubSub), "placement-announcer");
        var coordinatorLogger = _loggerFactory.CreateLogger<PlacementCoordinatorActor>();
        var placement = PlacementCoordinator.Props(_cluster.Agent, announcer, PlacementCoordinatorActor.PlacementPersistenceId, _loggerFactory.CreateLogger<PlacementCoordinator>());
        var coordinator = _cluster.StartSingleton("placement-coordinator", Props.Create(() => new PlacementCoordinatorActor(address, coordinatorLogger, placement)));
        var admin = await StartNodeAsync(_system, _cluster, coordinator, pubSub, cancellationToken).ConfigureAwait(false);
        await _cluster.WhenUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        Log.Up(_logger, address);
        Console.Out.WriteLine($"ftactors-node up address={address} incarnation={_remoting.Incarnation}");
        if (admin is not null)
        {
            Console.Out.WriteLine($"ftactors-node admin url={admin}");
        }

        Console.Out.Flush();

        _ = WatchSelfDeadAsync(_cluster);
        if (_parentPid is { } pid)
        {
            _ = WatchParentAsync(pid);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var address = _remoting?.Address.ToString() ?? "(not started)";
        if (_cluster is not null && !_cluster.WhenSelfDead.IsCompleted && _cluster.WhenUp.IsCompletedSuccessfully)
        {
            Log.Leaving(_logger, address);
            await _cluster.LeaveAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
        Log.Stopped(_logger, address);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Before the actor system ends: the store's writer is an actor and commits what it holds as it stops.
        if (_store is { } store)
        {
            _store = null;
            try
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                // The writer did not commit and stop in time. Remoting and the actor system still stop, and after a
                // failed start (the host disposes this service while StartAsync's error unwinds) that error stays the one reported.
                Log.ShutdownStepFailed(_logger, "closing the spare page store", e.Message);
            }
        }

        if (_remoting is not null)
        {
            await _remoting.DisposeAsync().ConfigureAwait(false);
            _remoting = null;
        }

        if (_system is not null)
        {
            await _system.TerminateAsync().ConfigureAwait(false);
            _system = null;
        }

        foreach (var owned in _owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }

        _owned.Clear();
        _stopping.Dispose();
    }

    /// <summary>Health monitor, node actor, receiver (spares) and the HTTP endpoint; returns the endpoint's URL or null.</summary>
    private async Task<Uri?> StartNodeAsync(ActorSystem system, ClusterNode cluster, IActorRef coordinator, IActorRef pubSub, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var monitor = system.ActorOf(HealthMonitorActor.Props(_health.Node, _health.Sources, new HealthPolicy(_health.Node, _health.Policy, time), _health.PollInterval, time), "health");
        Log.HealthStarted(_logger, _health.Node, _health.Sources.Length, _health.PollInterval);
        var registry = new MetricsRegistry();
        var membershipPicker = new MembershipSparePicker(cluster.Self, _runtime.ReceiverPort);
        ISparePicker picker = membershipPicker;
        NodeUpkeep? upkeep = null;
        if (_runtime.UpkeepEnabled)
        {
            var coordinatorPicker = new CoordinatorSparePicker(membershipPicker, _runtime.ReceiverPort);
            picker = coordinatorPicker;
            upkeep = new NodeUpkeep(coordinator, PlacementCoordinator.NameOf(cluster.Self), _runtime.Upkeep, _runtime.FeedPort, coordinatorPicker);
        }

        var node = system.ActorOf(NodeActor.Props(_runtime, monitor, pubSub, picker, registry, _loggerFactory, time, upkeep), "node");
        cluster.Subscribe(node);
        if (_runtime.ReceiverEnabled)
        {
            if (_runtime.UpkeepEnabled && _runtime.SpareStore is { } directory)
            {
                _store = StartSpareStore(system, directory);
            }

            _owned.Add(ReceiverHost.Start(_runtime.ReceiverHost, _runtime.ReceiverPort, _runtime.SpareStore, _store, node, _loggerFactory));
        }

        if (!_runtime.HttpEnabled)
        {
            return null;
        }

        var token = _runtime.TokenFile is { } file ? (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim() : null;
        if (token is { Length: 0 })
        {
            throw new ClusterException($"ftactors.admin.token-file: expected a token in {_runtime.TokenFile}, found an empty file");
        }

        try
        {
            var server = await MetricsServer.StartAsync(registry, _runtime.HttpHost, _runtime.HttpPort, app => AdminEndpoint.Map(app, node, token), cancellationToken).ConfigureAwait(false);
            _owned.Add(server);
            Log.AdminUp(_logger, server.Address, token is not null);
            return server.Address;
        }
        catch (IOException e)
        {
            // Several nodes on one host with the default port: the node still runs, without its endpoint.
            Log.AdminUnavailable(_logger, _runtime.HttpHost.ToString(), _runtime.HttpPort, e.Message);
            return null;
        }
    }

    /// <summary>The spare's fed page store; null (logged) when it cannot start, so the node still serves migrations.</summary>
    private SpareStoreService? StartSpareStore(ActorSystem system, string directory)
    {
        var listen = IPEndPoint.Parse(_runtime.Upkeep.FeedListen);

        try
        {
            Directory.CreateDirectory(directory);
            var store = SpareStoreService.Start(system, directory, listen, _runtime.Upkeep, loggerFactory: _loggerFactory);
            Log.SpareStoreUp(_logger, directory, store.LocalEndpoint);
            return store;
        }
        catch (Exception e) when (e is UpkeepException or FtActors.Store.StoreException or IOException or UnauthorizedAccessException)
        {
            Log.SpareStoreUnavailable(_logger, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Free space where a spare keeps its fed store (placement charges each guest's RAM against it); 0 on a node that
    /// keeps none, so the coordinator never assigns it a guest.
    /// </summary>
    private long StoreCapacity()
    {
        if (!_runtime.ReceiverEnabled || !_runtime.UpkeepEnabled || _runtime.SpareStore is not { } directory)
        {
            return 0;
        }

        try
        {
            Directory.CreateDirectory(directory);
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return 0;
        }
    }

    /// <summary>MemAvailable from /proc/meminfo (what spares announce as free capacity); 0 when unreadable.</summary>
    private static long AvailableMemory()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux, or no /proc: announce nothing.
        }

        return 0;
    }

    private SqlQueryExecutor Executor(string provider, string connectionString)
    {
        if (provider == "postgresql")
        {
            var pg = new PostgreSqlQueryExecutor(new PostgreSqlPersistenceOptions { ConnectionString = connectionString });
            _owned.Add(pg);
            return pg;
        }

        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(path))
        {
            throw new ClusterException($"SQLite connection string: expected \"Data Source=<file>\", found \"{connectionString}\"");
        }

        return new SqliteQueryExecutor(new SqlitePersistenceOptions { DatabasePath = Path.GetFullPath(path) });
    }

    private async Task WatchSelfDeadAsync(ClusterNode cluster)
    {
        var dead = await cluster.WhenSelfDead.ConfigureAwait(false);
        Log.DeclaredDead(_logger, dead.Reason);
        Environment.ExitCode = ExitDeclaredDead;
        _lifetime.StopApplication();
    }

    private async Task WatchParentAsync(int pid)
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                if (!IsAlive(pid))
                {
                    Log.ParentGone(_logger, pid);
                    _lifetime.StopApplication();
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping anyway.
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
