using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Cluster.Membership;
using FtActors.Persistence.Membership;
using Xunit;

namespace FtActors.Cluster.Tests;

public sealed class MembershipProtocolTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MemberAddress A = new("10.0.0.1", 2552, 1);
    private static readonly MemberAddress B = new("10.0.0.2", 2552, 1);
    private static readonly MemberAddress C = new("10.0.0.3", 2552, 1);
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(MemberStatus.Joining, MemberStatus.Active, true)]
    [InlineData(MemberStatus.Active, MemberStatus.ShuttingDown, true)]
    [InlineData(MemberStatus.ShuttingDown, MemberStatus.Left, true)]
    [InlineData(MemberStatus.Active, MemberStatus.Dead, true)]
    [InlineData(MemberStatus.Joining, MemberStatus.Dead, true)]
    [InlineData(MemberStatus.Dead, MemberStatus.Active, false)]
    [InlineData(MemberStatus.Left, MemberStatus.Active, false)]
    [InlineData(MemberStatus.Dead, MemberStatus.Left, false)]
    [InlineData(MemberStatus.Active, MemberStatus.Joining, false)]
    [InlineData(MemberStatus.Active, MemberStatus.Left, false)]
    public void CanTransition_StatusPairs_FollowStateMachine(MemberStatus from, MemberStatus to, bool allowed)
    {
        Assert.Equal(allowed, MembershipProtocol.CanTransition(from, to));
    }

    [Fact]
    public void Suspect_FirstOfTwoNeededVotes_AddsVoteKeepsActive()
    {
        var data = Table(Row(A), Row(B), Row(C));

        var row = MembershipProtocol.Suspect(data, C, A, T0, 2, Expiry);

        Assert.NotNull(row);
        Assert.Equal(MemberStatus.Active, row.Status);
        Assert.Equal([new SuspectTime(A, T0)], row.SuspectTimes.ToArray());
    }

    [Fact]
    public void Suspect_SecondVoteFromAnotherMember_DeclaresDead()
    {
        var data = Table(Row(A), Row(B), Row(C, votes: [new SuspectTime(A, T0)]));

        var row = MembershipProtocol.Suspect(data, C, B, T0.AddSeconds(1), 2, Expiry);

        Assert.Equal(MemberStatus.Dead, row!.Status);
        Assert.Equal(2, row.SuspectTimes.Length);
    }

    [Fact]
    public void Suspect_SameSuspecterTwice_CountsOnce()
    {
        var data = Table(Row(A), Row(B), Row(C, votes: [new SuspectTime(A, T0)]));

        var row = MembershipProtocol.Suspect(data, C, A, T0.AddSeconds(5), 2, Expiry);

        Assert.Equal(MemberStatus.Active, row!.Status);
        Assert.Equal([new SuspectTime(A, T0.AddSeconds(5))], row.SuspectTimes.ToArray());
    }

    [Fact]
    public void Suspect_ExpiredVoteOfOther_NotCounted()
    {
        var data = Table(Row(A), Row(B), Row(C, votes: [new SuspectTime(A, T0)]));

        var row = MembershipProtocol.Suspect(data, C, B, T0 + Expiry + TimeSpan.FromSeconds(1), 2, Expiry);

        Assert.Equal(MemberStatus.Active, row!.Status);
        Assert.Single(row.SuspectTimes);
    }

    [Fact]
    public void Suspect_VoteOfDeadMember_NotCounted()
    {
        var data = Table(Row(A, MemberStatus.Dead), Row(B), Row(C, votes: [new SuspectTime(A, T0)]));

        var row = MembershipProtocol.Suspect(data, C, B, T0, 2, Expiry);

        // Only B is a live voter besides C, so one vote is enough: B's.
        Assert.Equal(MemberStatus.Dead, row!.Status);
        Assert.Equal([new SuspectTime(B, T0)], row.SuspectTimes.ToArray());
    }

    [Fact]
    public void Suspect_TwoMemberCluster_OneVoteDeclaresDead()
    {
        var data = Table(Row(A), Row(B));

        Assert.Equal(1, MembershipProtocol.VotesNeeded(data, B, 2));
        Assert.Equal(MemberStatus.Dead, MembershipProtocol.Suspect(data, B, A, T0, 2, Expiry)!.Status);
    }

    [Theory]
    [InlineData(MemberStatus.Dead)]
    [InlineData(MemberStatus.Left)]
    public void Suspect_FinalRow_NothingToWrite(MemberStatus status)
    {
        var data = Table(Row(A), Row(B), Row(C, status));

        Assert.Null(MembershipProtocol.Suspect(data, C, A, T0, 2, Expiry));
    }

    [Fact]
    public void Suspect_Self_NothingToWrite()
    {
        Assert.Null(MembershipProtocol.Suspect(Table(Row(A), Row(B)), A, A, T0, 2, Expiry));
    }

    [Theory]
    [InlineData(MemberStatus.Dead)]
    [InlineData(MemberStatus.Left)]
    public void Suspect_SuspecterNoLongerLive_NothingToWrite(MemberStatus status)
    {
        // A is Dead but has not read it yet; with A gone only C could vote on B, so A's vote alone would suffice.
        var data = Table(Row(A, status), Row(B), Row(C));

        Assert.Null(MembershipProtocol.Suspect(data, B, A, T0, 2, Expiry));
    }

    [Fact]
    public void Suspect_SuspecterWithoutRow_NothingToWrite()
    {
        Assert.Null(MembershipProtocol.Suspect(Table(Row(B), Row(C)), B, A, T0, 2, Expiry));
    }

    [Fact]
    public void FindStale_SelfDead_Empty()
    {
        var data = Table(Row(A, MemberStatus.Dead), Row(B) with { IAmAliveTime = T0.AddMinutes(-10) });

        Assert.Empty(MembershipProtocol.FindStale(data, A, T0, TimeSpan.FromSeconds(90)));
    }

    [Fact]
    public void Suspect_AnyVotes_NeverResurrectsAndNeverExceedsLiveVoters()
    {
        var statuses = Gen.Elements(MemberStatus.Joining, MemberStatus.Active, MemberStatus.ShuttingDown, MemberStatus.Dead, MemberStatus.Left);
        var members = new[] { A, B, C, new MemberAddress("10.0.0.4", 2552, 1) };
        var gen =
            from s in Gen.ArrayOf(statuses, 4)
            from voters in Gen.SubListOf(members)
            from ages in Gen.ArrayOf(Gen.Choose(0, 300), voters.Count)
            from suspecter in Gen.Elements(members)
            from target in Gen.Elements(members)
            from needed in Gen.Choose(1, 4)
            select (s, voters, ages, suspecter, target, needed);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var votes = x.voters.Select((v, i) => new SuspectTime(v, T0.AddSeconds(-x.ages[i]))).ToImmutableArray();
            var rows = members.Select((m, i) => Row(m, x.s[i], m == x.target ? votes : [])).ToArray();
            var data = Table(rows);
            var result = MembershipProtocol.Suspect(data, x.target, x.suspecter, T0, x.needed, Expiry);
            var before = data.Find(x.target)!;
            if (result is null)
            {
                return !MembershipProtocol.IsLive(before.Status) || x.target == x.suspecter
                    || !MembershipProtocol.IsLive(data.Find(x.suspecter)!.Status);
            }

            var distinct = result.SuspectTimes.Select(v => v.Suspecter).Distinct().Count();
            return MembershipProtocol.CanTransition(before.Status, result.Status)
                && distinct == result.SuspectTimes.Length
                && result.SuspectTimes.All(v => T0 - v.At <= Expiry)
                && (result.Status == MemberStatus.Dead) == (distinct >= MembershipProtocol.VotesNeeded(data, x.target, x.needed));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void FindStale_OldIAmAlive_OnlyLiveOthers()
    {
        var data = Table(
            Row(A) with { IAmAliveTime = T0.AddMinutes(-10) },
            Row(B) with { IAmAliveTime = T0.AddMinutes(-10) },
            Row(C, MemberStatus.Dead) with { IAmAliveTime = T0.AddMinutes(-10) });

        var stale = MembershipProtocol.FindStale(data, A, T0, TimeSpan.FromSeconds(90));

        Assert.Equal([B], stale.Select(m => m.Address));
    }

    [Fact]
    public void FindOlderIncarnations_SameEndpointLiveRows_Found()
    {
        var old = A with { Incarnation = 0 };
        var older = A with { Incarnation = -5 };
        var data = Table(Row(old), Row(older, MemberStatus.Dead), Row(A, MemberStatus.Joining), Row(B));

        Assert.Equal([old], MembershipProtocol.FindOlderIncarnations(data, A).Select(m => m.Address));
    }

    [Fact]
    public void MonitoredPeers_Ring_NextPeersAfterSelf()
    {
        var d = new MemberAddress("10.0.0.4", 2552, 1);
        var data = Table(Row(A), Row(B), Row(C), Row(d));

        Assert.Equal([d, A], MembershipProtocol.MonitoredPeers(data, C, 2).ToArray());
        Assert.Equal([B, C, d], MembershipProtocol.MonitoredPeers(data, A, 0).ToArray());
    }

    [Fact]
    public void Diff_StatusChanges_OneEventEach()
    {
        var before = Table(Row(A), Row(B, MemberStatus.Joining), Row(C));
        var after = Table(Row(A, MemberStatus.ShuttingDown), Row(B), Row(C, MemberStatus.Dead), Row(new MemberAddress("10.0.0.4", 1, 1), MemberStatus.Joining));

        var events = MembershipProtocol.Diff(before, after);

        Assert.Collection(
            events,
            e => Assert.Equal(A, Assert.IsType<MemberLeaving>(e).Member.Address),
            e => Assert.Equal(B, Assert.IsType<MemberUp>(e).Member.Address),
            e => Assert.Equal(C, Assert.IsType<MemberDown>(e).Member.Address),
            e => Assert.IsType<MemberJoined>(e));
    }

    [Fact]
    public void Diff_NewVoteAndRemovedRow_SuspectedAndRemoved()
    {
        var before = Table(Row(A), Row(B), Row(C));
        var after = Table(Row(A), Row(B, votes: [new SuspectTime(A, T0)]));

        var events = MembershipProtocol.Diff(before, after);

        Assert.Collection(
            events,
            e => Assert.Equal(B, Assert.IsType<MemberSuspected>(e).Member.Address),
            e => Assert.Equal(C, Assert.IsType<MemberRemoved>(e).Member.Address));
    }

    [Fact]
    public void Diff_SameTable_NoEvents()
    {
        var data = Table(Row(A), Row(B, votes: [new SuspectTime(A, T0)]));

        Assert.Empty(MembershipProtocol.Diff(data, data));
    }

    private static MembershipEntry Row(MemberAddress address, MemberStatus status = MemberStatus.Active, ImmutableArray<SuspectTime> votes = default) =>
        new(address, status, NodeRoles.Compute, NodeCapacity.None, votes.IsDefault ? [] : votes, T0.AddMinutes(-5), T0);

    private static MembershipTableData Table(params MembershipEntry[] rows) => new(7, [.. rows]);
}
