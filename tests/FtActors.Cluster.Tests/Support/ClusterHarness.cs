using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Membership;
using FtActors.Persistence.Sql;
using FtActors.Persistence.Sqlite;
using FtActors.Remoting;
using FtActors.TestKit;

namespace FtActors.Cluster.Tests.Support;

/// <summary>
/// Several nodes in one process: each its own actor system and remoting on 127.0.0.1:0 (with the fault injector on),
/// all sharing one SQLite file for the membership table and the journal.
/// </summary>
public sealed class ClusterHarness
{
    public const string ClusterId = "test-cluster";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ftactors-cluster-" + Guid.NewGuid().ToString("N"));
    private readonly List<TestNode> _nodes = [];
    private SqliteQueryExecutor? _executor;

    public SqliteQueryExecutor Executor => _executor ?? throw new InvalidOperationException("not initialised");

    public IMembershipTable Table { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _executor = new SqliteQueryExecutor(new SqlitePersistenceOptions { DatabasePath = Path.Combine(_directory, "cluster.db") });
        await new SchemaMigrator(_executor).MigrateAsync(CancellationToken.None);
        Table = new SqlMembershipTable(_executor, ClusterId);
    }

    /// <summary>Fast but load-tolerant settings: 250 ms heartbeats, a 2 s (dilated) acceptable pause.</summary>
    public static ClusterOptions Options()
    {
        var options = new ClusterOptions
        {
            Id = ClusterId,
            Roles = ["compute"],
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
            AcceptableHeartbeatPause = TestKitSettings.Dilated(TimeSpan.FromSeconds(2)),
        };
        options.Membership.IAmAliveInterval = TimeSpan.FromSeconds(5);
        options.Agent.TableRefreshInterval = TimeSpan.FromMilliseconds(250);
        options.Agent.IAmAliveStaleLimit = TestKitSettings.Dilated(TimeSpan.FromSeconds(60));
        return options;
    }

    public async Task<TestNode> StartNodeAsync(string name, Action<ClusterOptions>? tweak = null, Action<RemotingNode>? beforeJoin = null)
    {
        var logs = new FileLoggerFactory(name);
        var system = ActorSystem.Create(ClusterId, new ActorSystemSettings { LoggerFactory = logs });
        PersistenceExtension.Register(system, new SqlJournal(Executor), new SqlSnapshotStore(Executor), TestMessages.Serializer());
        var remoting = RemotingNode.Start(
            new RemotingOptions { ClusterId = ClusterId, Host = "127.0.0.1", Port = 0, FaultInjection = new FaultInjectionOptions { Enabled = true } },
            TestMessages.Registry(),
            new ActorSystemResolver(system),
            logs);
        beforeJoin?.Invoke(remoting);
        var options = Options();
        tweak?.Invoke(options);
        var cluster = ClusterNode.Start(system, remoting, new SqlMembershipTable(Executor, ClusterId), options, loggerFactory: logs);
        var node = new TestNode(name, system, remoting, cluster);
        _nodes.Add(node);
        await cluster.WhenUp.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(30)));
        return node;
    }

    public async Task<MembershipEntry?> RowAsync(MemberAddress address) =>
        (await Table.ReadAllAsync(CancellationToken.None)).Find(address);

    /// <summary>Stops every node and deletes the database directory.</summary>
    public async Task ShutdownAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp directory is cleaned by the OS later.
        }
    }
}

public sealed class TestNode(string name, ActorSystem system, RemotingNode remoting, ClusterNode cluster) : IAsyncDisposable
{
    private bool _disposed;

    public string Name { get; } = name;

    public ActorSystem System { get; } = system;

    public RemotingNode Remoting { get; } = remoting;

    public ClusterNode Cluster { get; } = cluster;

    public MemberAddress Address => Cluster.Self;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Remoting.DisposeAsync();
        await System.TerminateAsync();
    }
}
