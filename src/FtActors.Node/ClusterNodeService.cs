using System.Diagnostics;
using FtActors.Cluster;
using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Membership;
using FtActors.Persistence.PostgreSql;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Sqlite;
using FtActors.Remoting;
using FtActors.Remoting.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FtActors.Node;

/// <summary>
/// The hosted service of a node process: starts the actor system, remoting and the cluster membership, runs the
/// placement-coordinator singleton, prints the machine-readable <c>ftactors-node up</c> line, and on stop
/// (SIGTERM, Ctrl-C, parent gone) leaves the cluster gracefully. A node declared dead exits with code 3.
/// </summary>
public sealed class ClusterNodeService : IHostedService, IAsyncDisposable
{
    /// <summary>Exit code of a node that found itself declared dead.</summary>
    public const int ExitDeclaredDead = 3;

    private readonly NodeSettings _settings;
    private readonly int? _parentPid;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private ActorSystem? _system;
    private RemotingNode? _remoting;
    private ClusterNode? _cluster;

    /// <summary>Creates the service; nothing starts until the host calls <see cref="StartAsync"/>.</summary>
    public ClusterNodeService(NodeSettings settings, NodeRunOptions run, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
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
            new EventSerializerRegistry().Register("ft.node.coordinator-activated", NodeJsonContext.Default.CoordinatorActivated));
        _remoting = RemotingNode.Start(
            new RemotingOptions
            {
                ClusterId = options.Id,
                Host = _settings.Host,
                Port = _settings.Port,
                // Start-time ticks: a restart on the same endpoint is a larger incarnation, as the table expects.
                Incarnation = DateTime.UtcNow.Ticks,
            },
            ClusterMessages.Register(new MessageRegistry()),
            new ActorSystemResolver(_system),
            _loggerFactory);
        var address = _remoting.Address.ToString();
        Log.Starting(_logger, address, _remoting.Incarnation, options.Membership.Provider);
        _cluster = ClusterNode.Start(_system, _remoting, new SqlMembershipTable(membershipExecutor, options.Id, _loggerFactory.CreateLogger<SqlMembershipTable>()),
            options, new NodeCapacity(Environment.ProcessorCount, 0, 0), _loggerFactory);
        var coordinatorLogger = _loggerFactory.CreateLogger<PlacementCoordinatorActor>();
        _cluster.StartSingleton("placement-coordinator", Props.Create(() => new PlacementCoordinatorActor(address, coordinatorLogger)));
        await _cluster.WhenUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        Log.Up(_logger, address);
        Console.Out.WriteLine($"ftactors-node up address={address} incarnation={_remoting.Incarnation}");
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
