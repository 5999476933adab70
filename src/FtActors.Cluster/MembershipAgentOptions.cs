namespace FtActors.Cluster;

/// <summary>The <c>ftactors.cluster.agent</c> section: how the membership agent polls and judges the table.</summary>
public sealed class MembershipAgentOptions
{
    /// <summary>How often the agent reads the whole table (the table, not gossip, is the source of truth).</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A member whose I-am-alive time is older than this is declared dead without votes.</summary>
    public TimeSpan IAmAliveStaleLimit { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Suspicion votes older than this no longer count.</summary>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Dead or Left rows not alive for this long are deleted from the table.</summary>
    public TimeSpan DefunctRowExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Peers each node heartbeats and judges (the next ones after it in address order); 0 means all.</summary>
    public int MonitoredPeers { get; set; }
}
