using System.Collections.Immutable;
using FtActors.Persistence.Membership;

namespace FtActors.Cluster.Membership;

/// <summary>
/// The decisions of the membership protocol as pure functions over one read of the table, so they are tested
/// without a database or a clock. The agent reads, decides here, and writes conditionally on the version it
/// read; if another node wrote in between, the write loses and the agent reads and decides again.
/// </summary>
public static class MembershipProtocol
{
    /// <summary>
    /// Whether a row may move from <paramref name="from"/> to <paramref name="to"/>: Joining → Active → (or Joining →)
    /// ShuttingDown → Left, and any live status → Dead. Dead and Left are final; staying put is allowed.
    /// </summary>
    public static bool CanTransition(MemberStatus from, MemberStatus to) => (from, to) switch
    {
        _ when from == to => true,
        (MemberStatus.Joining, MemberStatus.Active) => true,
        (MemberStatus.Joining or MemberStatus.Active, MemberStatus.ShuttingDown) => true,
        (MemberStatus.ShuttingDown, MemberStatus.Left) => true,
        (MemberStatus.Joining or MemberStatus.Active or MemberStatus.ShuttingDown, MemberStatus.Dead) => true,
        _ => false,
    };

    /// <summary>True for Joining, Active and ShuttingDown: statuses whose node is still supposed to run.</summary>
    public static bool IsLive(MemberStatus status) =>
        status is MemberStatus.Joining or MemberStatus.Active or MemberStatus.ShuttingDown;

    /// <summary>
    /// Votes needed to declare <paramref name="target"/> dead: <paramref name="votesForDeath"/>, or every live
    /// member other than the target when fewer remain (at least one).
    /// </summary>
    public static int VotesNeeded(MembershipTableData data, MemberAddress target, int votesForDeath)
    {
        ArgumentNullException.ThrowIfNull(data);
        var voters = data.Members.Count(m => m.Address != target && m.Status is MemberStatus.Active or MemberStatus.ShuttingDown);
        return Math.Max(1, Math.Min(votesForDeath, voters));
    }

    /// <summary>
    /// The row to write when <paramref name="suspecter"/> suspects <paramref name="target"/> at <paramref name="now"/>:
    /// expired votes and votes of members no longer live are dropped, the suspecter's vote is added (replacing an
    /// older one of its own), and the status becomes Dead when the fresh votes reach <see cref="VotesNeeded"/>.
    /// Null when there is nothing to do: the row is gone or already final, or the suspecter itself is not live in
    /// <paramref name="data"/>.
    /// </summary>
    public static MembershipEntry? Suspect(MembershipTableData data, MemberAddress target, MemberAddress suspecter, DateTimeOffset now, int votesForDeath, TimeSpan voteExpiration)
    {
        ArgumentNullException.ThrowIfNull(data);
        var row = data.Find(target);
        if (row is null || !IsLive(row.Status) || target == suspecter || !IsLiveIn(data, suspecter))
        {
            // A member that is already Dead (it has not read its verdict yet) must not vote: with it gone, fewer
            // voters remain, so its single vote could be enough, and its write, conditional on a version that
            // already holds its death, would win. Seen with a node cut off from its peers but not from the table.
            return null;
        }

        var live = data.Members.Where(m => IsLive(m.Status)).Select(m => m.Address).ToHashSet();
        var votes = ImmutableArray.CreateBuilder<SuspectTime>();
        foreach (var vote in row.SuspectTimes.IsDefault ? [] : row.SuspectTimes)
        {
            if (vote.Suspecter != suspecter && now - vote.At <= voteExpiration && live.Contains(vote.Suspecter))
            {
                votes.Add(vote);
            }
        }

        votes.Add(new SuspectTime(suspecter, now));
        var status = votes.Count >= VotesNeeded(data, target, votesForDeath) ? MemberStatus.Dead : row.Status;
        return row with { SuspectTimes = votes.ToImmutable(), Status = status };
    }

    /// <summary>
    /// Live rows of other members whose I-am-alive time is older than <paramref name="staleLimit"/> at
    /// <paramref name="now"/>: they are declared dead without waiting for votes (a node that stopped writing
    /// the table is gone even if nobody heartbeats it).
    /// </summary>
    public static ImmutableArray<MembershipEntry> FindStale(MembershipTableData data, MemberAddress self, DateTimeOffset now, TimeSpan staleLimit)
    {
        ArgumentNullException.ThrowIfNull(data);
        // A member that is no longer live itself declares nobody dead (see Suspect).
        return IsLiveIn(data, self)
            ? [.. data.Members.Where(m => m.Address != self && IsLive(m.Status) && now - m.IAmAliveTime > staleLimit)]
            : [];
    }

    private static bool IsLiveIn(MembershipTableData data, MemberAddress member) =>
        data.Find(member) is { } row && IsLive(row.Status);

    /// <summary>Live rows for the same host and port as <paramref name="self"/> but another incarnation: earlier lives of this node.</summary>
    public static ImmutableArray<MembershipEntry> FindOlderIncarnations(MembershipTableData data, MemberAddress self)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [.. data.Members.Where(m => m.Address.Host == self.Host && m.Address.Port == self.Port
            && m.Address.Incarnation != self.Incarnation && IsLive(m.Status))];
    }

    /// <summary>
    /// The peers this node heartbeats and judges: the live members other than itself, in address order starting
    /// after itself (a ring), at most <paramref name="count"/> of them (0 for all). Different nodes thus watch
    /// overlapping but different sets, and every member is watched by about <paramref name="count"/> others.
    /// </summary>
    public static ImmutableArray<MemberAddress> MonitoredPeers(MembershipTableData data, MemberAddress self, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ring = data.Members
            .Where(m => m.Status is MemberStatus.Active or MemberStatus.ShuttingDown || m.Address == self)
            .Select(m => m.Address)
            .Append(self)
            .Distinct()
            .OrderBy(a => a.Host, StringComparer.Ordinal).ThenBy(a => a.Port).ThenBy(a => a.Incarnation)
            .ToList();
        var start = ring.IndexOf(self);
        var peers = new List<MemberAddress>(ring.Count - 1);
        for (var i = 1; i < ring.Count; i++)
        {
            peers.Add(ring[(start + i) % ring.Count]);
        }

        return count == 0 || peers.Count <= count ? [.. peers] : [.. peers.Take(count)];
    }

    /// <summary>The events that turn the view <paramref name="before"/> into <paramref name="after"/>, in row order.</summary>
    public static ImmutableArray<IMembershipEvent> Diff(MembershipTableData? before, MembershipTableData after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var events = ImmutableArray.CreateBuilder<IMembershipEvent>();
        foreach (var row in after.Members)
        {
            var old = before?.Find(row.Address);
            if (old is null || old.Status != row.Status)
            {
                IMembershipEvent? change = row.Status switch
                {
                    MemberStatus.Joining => new MemberJoined(row),
                    MemberStatus.Active => new MemberUp(row),
                    MemberStatus.ShuttingDown => new MemberLeaving(row),
                    MemberStatus.Left => old is null ? null : new MemberLeft(row),
                    MemberStatus.Dead => old is null ? null : new MemberDown(row),
                    _ => null,
                };
                if (change is not null)
                {
                    events.Add(change);
                }
            }

            var oldVotes = old is null || old.SuspectTimes.IsDefault ? 0 : old.SuspectTimes.Length;
            if (IsLive(row.Status) && !row.SuspectTimes.IsDefault && row.SuspectTimes.Length > oldVotes)
            {
                events.Add(new MemberSuspected(row));
            }
        }

        if (before is not null)
        {
            foreach (var row in before.Members)
            {
                if (after.Find(row.Address) is null)
                {
                    events.Add(new MemberRemoved(row));
                }
            }
        }

        return events.ToImmutable();
    }
}
