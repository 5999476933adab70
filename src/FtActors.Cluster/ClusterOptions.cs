using System.Globalization;
using FtActors.Persistence.Membership;

namespace FtActors.Cluster;

/// <summary>
/// The <c>ftactors.cluster</c> section of the HOCON configuration: identity, roles, the phi-accrual detector and
/// the membership protocol. Bind it with <c>HoconBinder.Get&lt;ClusterOptions&gt;(config.GetSection("ftactors:cluster"))</c>
/// and call <see cref="Validate"/> before starting a node.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>The cluster id: the actor system name in remote paths and the key of the membership rows.</summary>
    public string Id { get; set; } = "ftactors";

    /// <summary>"host:port" of nodes to contact first; informative only, since the table lists every member.</summary>
    public IList<string> SeedNodes { get; set; } = [];

    /// <summary>Role names: "compute" and/or "spare".</summary>
    public IList<string> Roles { get; set; } = [];

    /// <summary>How often this node sends a heartbeat to each monitored peer.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A peer whose phi exceeds this value is suspected.</summary>
    public double PhiThreshold { get; set; } = 8;

    /// <summary>A heartbeat gap this long beyond the usual interval still counts as normal.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Floor for the standard deviation of heartbeat intervals.</summary>
    public TimeSpan MinStdDeviation { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Intervals kept per peer to estimate their mean and deviation.</summary>
    public int MaxSampleSize { get; set; } = 1000;

    /// <summary>Where the membership table lives and the Orleans-style voting settings.</summary>
    public MembershipTableOptions Membership { get; set; } = new();

    /// <summary>Timings of the membership agent (table polling, staleness, vote expiry).</summary>
    public MembershipAgentOptions Agent { get; set; } = new();

    /// <summary>The roles as flags.</summary>
    /// <exception cref="ClusterException">A role name is neither "compute" nor "spare".</exception>
    public NodeRoles ParseRoles()
    {
        var roles = NodeRoles.None;
        for (var i = 0; i < Roles.Count; i++)
        {
            roles |= Roles[i] switch
            {
                "compute" => NodeRoles.Compute,
                "spare" => NodeRoles.Spare,
                _ => throw new ClusterException(string.Create(CultureInfo.InvariantCulture,
                    $"ftactors.cluster.roles[{i}]: expected \"compute\" or \"spare\", found \"{Roles[i]}\"")),
            };
        }

        return roles;
    }

    /// <summary>Checks every setting; throws <see cref="ClusterException"/> naming the first bad key and its value.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw Bad("id", "a non-empty cluster id", Id);
        }

        _ = ParseRoles();
        Positive(HeartbeatInterval, "heartbeat-interval");
        if (!(PhiThreshold > 0) || double.IsInfinity(PhiThreshold))
        {
            throw Bad("phi-threshold", "a positive number", PhiThreshold.ToString(CultureInfo.InvariantCulture));
        }

        if (AcceptableHeartbeatPause < TimeSpan.Zero)
        {
            throw Bad("acceptable-heartbeat-pause", "zero or a positive duration", AcceptableHeartbeatPause.ToString());
        }

        Positive(MinStdDeviation, "min-std-deviation");
        if (MaxSampleSize < 1)
        {
            throw Bad("max-sample-size", "at least 1", MaxSampleSize.ToString(CultureInfo.InvariantCulture));
        }

        if (Membership.Provider is not ("sqlite" or "postgresql"))
        {
            throw Bad("membership.provider", "\"sqlite\" or \"postgresql\"", Membership.Provider);
        }

        if (string.IsNullOrWhiteSpace(Membership.ConnectionString))
        {
            throw Bad("membership.connection-string", "a connection string", Membership.ConnectionString);
        }

        Positive(Membership.IAmAliveInterval, "membership.i-am-alive-interval");
        if (Membership.VotesForDeath < 1)
        {
            throw Bad("membership.votes-for-death", "at least 1", Membership.VotesForDeath.ToString(CultureInfo.InvariantCulture));
        }

        Positive(Agent.TableRefreshInterval, "agent.table-refresh-interval");
        Positive(Agent.DeathVoteExpiration, "agent.death-vote-expiration");
        Positive(Agent.DefunctRowExpiry, "agent.defunct-row-expiry");
        if (Agent.IAmAliveStaleLimit <= Membership.IAmAliveInterval)
        {
            throw Bad("agent.i-am-alive-stale-limit", "a duration longer than membership.i-am-alive-interval (" + Membership.IAmAliveInterval + ")", Agent.IAmAliveStaleLimit.ToString());
        }

        if (Agent.MonitoredPeers < 0)
        {
            throw Bad("agent.monitored-peers", "0 (all) or a positive count", Agent.MonitoredPeers.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Positive(TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            throw Bad(key, "a positive duration", value.ToString());
        }
    }

    private static ClusterException Bad(string key, string expected, string found) =>
        new($"ftactors.cluster.{key}: expected {expected}, found \"{found}\"");
}
