using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using FtActors.Configuration;
using FtActors.Health;
using FtActors.Health.Policy;
using FtActors.Metrics;
using FtActors.Upkeep;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FtActors.Node;

/// <summary>
/// The node's own hosted service, started after Akka.Hosting has started the actor system and joined the Akka.NET
/// cluster: runs the placement-coordinator singleton (manager and proxy), the health monitor and the
/// <see cref="NodeActor"/> (predictions to migrations), the migration receiver on spares and the admin/metrics HTTP
/// endpoint; prints the machine-readable <c>ftactors-node up</c> line once this node is an Up member (then
/// <c>ftactors-node admin url=...</c>). On stop (SIGTERM, Ctrl-C, parent gone) it closes what it started; Akka.Hosting
/// then runs coordinated shutdown, which leaves the cluster gracefully. A node the cluster downs exits with code 3.
/// </summary>
public sealed class ClusterNodeService : IHostedService, IAsyncDisposable
{
    /// <summary>Exit code of a node that found itself downed by the cluster.</summary>
    public const int ExitDeclaredDead = 3;

    /// <summary>The singleton manager's name under /user; the proxy finds the coordinator there.</summary>
    public const string CoordinatorName = "placement-coordinator";

    private readonly NodeSettings _settings;
    private readonly NodeRuntimeSettings _runtime;
    private readonly HealthSetup _health;
    private readonly int? _parentPid;
    private readonly ActorSystem _system;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private SpareStoreService? _store;

    /// <summary>Creates the service; nothing starts until the host calls <see cref="StartAsync"/>.</summary>
    public ClusterNodeService(NodeSettings settings, NodeRuntimeSettings runtime, HealthSetup health, NodeRunOptions run, ActorSystem system, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _settings = settings;
        _runtime = runtime;
        _health = health;
        _parentPid = run.ParentPid;
        _system = system ?? throw new ArgumentNullException(nameof(system));
        _lifetime = lifetime;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ClusterNodeService>();
    }

    /// <summary>True once the cluster removed this node without it asking to leave (downed by the split brain resolver or an operator).</summary>
    public bool Downed { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var cluster = Cluster.Get(_system);
        var address = $"{cluster.SelfAddress.Host}:{cluster.SelfAddress.Port}";
        var fullAddress = cluster.SelfAddress.ToString();
        LogMessages.Starting(_logger, fullAddress, cluster.SelfUniqueAddress.Uid, _settings.JournalProvider);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.RegisterOnMemberRemoved(OnRemoved);
        if (_settings.SeedNodes.IsEmpty)
        {
            // No seed list: this node forms the cluster (others list it as their seed).
            cluster.Join(cluster.SelfAddress);
        }

        var mediator = DistributedPubSub.Get(_system).Mediator;
        var announcer = _system.ActorOf(PlacementAnnouncer.Props(mediator), "placement-announcer");
        var coordinatorLogger = _loggerFactory.CreateLogger<PlacementCoordinatorActor>();
        var placement = PlacementCoordinator.Props(watchCluster: true, announcer, PlacementCoordinatorActor.PlacementPersistenceId, _loggerFactory.CreateLogger<PlacementCoordinator>());
        _system.ActorOf(ClusterSingletonManager.Props(
            Props.Create(() => new PlacementCoordinatorActor(address, coordinatorLogger, placement)),
            PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(_system)), CoordinatorName);
        var coordinator = _system.ActorOf(ClusterSingletonProxy.Props("/user/" + CoordinatorName, ClusterSingletonProxySettings.Create(_system)), CoordinatorName + "-proxy");
        var admin = await StartNodeAsync(cluster, coordinator, mediator, cancellationToken).ConfigureAwait(false);
        await up.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        LogMessages.Up(_logger, address);
        Console.Out.WriteLine($"ftactors-node up address={address} incarnation={cluster.SelfUniqueAddress.Uid}");
        if (admin is not null)
        {
            Console.Out.WriteLine($"ftactors-node admin url={admin}");
        }

        Console.Out.Flush();
        if (_parentPid is { } pid)
        {
            _ = WatchParentAsync(pid);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var cluster = Cluster.Get(_system);
        var address = cluster.SelfAddress.ToString();
        if (!Downed && cluster.SelfMember.Status == MemberStatus.Up)
        {
            // Akka.Hosting's coordinated shutdown leaves after this service has stopped.
            LogMessages.Leaving(_logger, address);
        }

        await DisposeAsync().ConfigureAwait(false);
        LogMessages.Stopped(_logger, address);
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
                // The writer did not commit and stop in time. The rest still stops, and after a failed start (the
                // host disposes this service while StartAsync's error unwinds) that error stays the one reported.
                LogMessages.ShutdownStepFailed(_logger, "closing the spare page store", e.Message);
            }
        }

        foreach (var owned in _owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }

        _owned.Clear();
    }

    private void OnRemoved()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        Downed = true;
        LogMessages.DeclaredDead(_logger, "removed from the cluster without leaving (downed)");
        _lifetime.StopApplication();
    }

    /// <summary>Health monitor, node actor, receiver (spares) and the HTTP endpoint; returns the endpoint's URL or null.</summary>
    private async Task<Uri?> StartNodeAsync(Cluster cluster, IActorRef coordinator, IActorRef pubSub, CancellationToken cancellationToken)
    {
        var system = _system;
        var time = TimeProvider.System;
        var monitor = system.ActorOf(HealthMonitorActor.Props(_health.Node, _health.Sources, new HealthPolicy(_health.Node, _health.Policy, time), _health.PollInterval, time), "health");
        LogMessages.HealthStarted(_logger, _health.Node, _health.Sources.Length, _health.PollInterval);
        var registry = new MetricsRegistry();
        var membershipPicker = new MembershipSparePicker(cluster.SelfAddress, _runtime.ReceiverPort);
        ISparePicker picker = membershipPicker;
        NodeUpkeep? upkeep = null;
        if (_runtime.UpkeepEnabled)
        {
            var coordinatorPicker = new CoordinatorSparePicker(membershipPicker, cluster.SelfAddress, _runtime.ReceiverPort);
            picker = coordinatorPicker;
            upkeep = new NodeUpkeep(coordinator, PlacementCoordinator.NameOf(cluster.SelfAddress), _runtime.Upkeep, _runtime.FeedPort, coordinatorPicker, StoreCapacity());
        }

        var node = system.ActorOf(NodeActor.Props(_runtime, monitor, pubSub, picker, registry, _loggerFactory, time, upkeep), "node");
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
            throw new ConfigurationException($"ftactors.admin.token-file: expected a token in {_runtime.TokenFile}, found an empty file");
        }

        try
        {
            var server = await MetricsServer.StartAsync(registry, _runtime.HttpHost, _runtime.HttpPort, app => AdminEndpoint.Map(app, node, token), cancellationToken).ConfigureAwait(false);
            _owned.Add(server);
            LogMessages.AdminUp(_logger, server.Address, token is not null);
            return server.Address;
        }
        catch (IOException e)
        {
            // Several nodes on one host with the default port: the node still runs, without its endpoint.
            LogMessages.AdminUnavailable(_logger, _runtime.HttpHost.ToString(), _runtime.HttpPort, e.Message);
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
            LogMessages.SpareStoreUp(_logger, directory, store.LocalEndpoint);
            return store;
        }
        catch (Exception e) when (e is UpkeepException or FtActors.Store.StoreException or IOException or UnauthorizedAccessException)
        {
            LogMessages.SpareStoreUnavailable(_logger, e.Message);
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

    private async Task WatchParentAsync(int pid)
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                if (!IsAlive(pid))
                {
                    LogMessages.ParentGone(_logger, pid);
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
