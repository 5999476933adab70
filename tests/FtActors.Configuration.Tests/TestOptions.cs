namespace FtActors.Configuration.Tests;

// Options shapes like the ones later issues bind from hocon/; here they prove the binding works.
public sealed class FtActorsTestOptions
{
    public ActorSystemTestOptions ActorSystem { get; set; } = new();

    public ClusterTestOptions Cluster { get; set; } = new();

    public RemotingTestOptions Remoting { get; set; } = new();

    public MigrationTestOptions Migration { get; set; } = new();

    public PredeployTestOptions Predeploy { get; set; } = new();
}

public sealed class ActorSystemTestOptions
{
    public string Name { get; set; } = string.Empty;

    public DispatcherTestOptions Dispatcher { get; set; } = new();

    public TimeSpan DefaultAskTimeout { get; set; }
}

public sealed class DispatcherTestOptions
{
    public int Throughput { get; set; }
}

public sealed class ClusterTestOptions
{
    public string Id { get; set; } = string.Empty;

    public List<string> SeedNodes { get; set; } = [];

    public IReadOnlyList<string> Roles { get; set; } = [];

    public TimeSpan HeartbeatInterval { get; set; }

    public double PhiThreshold { get; set; }

    public TimeSpan? AcceptableHeartbeatPause { get; set; }

    public MembershipTestOptions Membership { get; set; } = new();
}

public sealed class MembershipTestOptions
{
    public string Provider { get; set; } = string.Empty;

    public string ConnectionString { get; set; } = string.Empty;

    public TimeSpan ProbeTimeout { get; set; }
}

public sealed class RemotingTestOptions
{
    public string Host { get; set; } = string.Empty;

    public string PublicHost { get; set; } = string.Empty;

    public int Port { get; set; }

    public TlsTestOptions Tls { get; set; } = new();

    public FrameSizeTestOptions MaxFrameSize { get; set; } = new();
}

public sealed class TlsTestOptions
{
    public bool Enabled { get; set; }

    public string CertificatePath { get; set; } = string.Empty;
}

public sealed class FrameSizeTestOptions
{
    public long Control { get; set; }

    public int Page { get; set; }
}

public sealed class MigrationTestOptions
{
    public int MaxRounds { get; set; }

    public TimeSpan DowntimeTarget { get; set; }

    public int ParallelConnections { get; set; }

    public TimeSpan Timeout { get; set; }
}

public sealed class PredeployTestOptions
{
    public TimeSpan ScanInterval { get; set; }

    public long BandwidthBudget { get; set; }

    // Kept as text on purpose: a string property must receive the value untouched.
    public string StorePath { get; set; } = "unset";
}

public sealed record MetricsTestOptions(bool Enabled, string Host, int Port);
