namespace FtActors.Cluster;

/// <summary>The <c>ftactors.cluster.membership</c> section: the table's store and the Orleans-style voting rule.</summary>
public sealed class MembershipTableOptions
{
    /// <summary>"sqlite" (one host, tests) or "postgresql" (a real cluster).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>ADO.NET connection string for <see cref="Provider"/>.</summary>
    public string ConnectionString { get; set; } = "Data Source=ftactors-membership.db";

    /// <summary>How often a node writes its I-am-alive time.</summary>
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Orleans' missed-probe count; FtActors suspects by phi instead and keeps the key for compatibility.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Fresh suspicion votes that declare a member dead (fewer when fewer live members can vote).</summary>
    public int VotesForDeath { get; set; } = 2;

    /// <summary>Orleans' probe timeout; unused by the phi detector, kept so existing files still bind.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
