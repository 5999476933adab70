using FtActors.Remoting.Tests.Support;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Remoting.Tests;

public sealed class RemotingNodeTests
{
    [Fact]
    public async Task Tell_ToRemoteEcho_ReplyArrivesWithRemoteSenderOfCurrentIncarnation()
    {
        await using var a = NodeHarness.Start();
        await using var b = NodeHarness.Start();
        var client = a.AddProbe("client");
        b.AddProbe("echo", echo: true);

        a.RefTo(b, "echo").Tell(new Ping(1, "hello"), client);

        var (pong, sender) = await client.ExpectAsync<Pong>();
        Assert.Equal(new Pong(1, "hello"), pong);
        var remote = Assert.IsType<RemoteActorRef>(sender);
        Assert.Equal($"{b.Node.Address}/user/echo", remote.Path.ToString());
        Assert.Equal(b.Node.Incarnation, remote.Incarnation);
    }

    [Fact]
    public async Task TellAsync_ManyMessagesFromConcurrentSenders_EachSendersOrderKept()
    {
        const int senders = 4;
        const int perSender = 5000;
        await using var a = NodeHarness.Start();
        await using var b = NodeHarness.Start();
        var sink = b.AddProbe("sink");
        var target = a.RefTo(b, "sink");

        // Each sender is its own task; per (sender, receiver) order must hold even though they interleave.
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                await target.TellAsync(new Ping(i, "s" + s));
            }
        })));

        var next = new int[senders];
        for (var n = 0; n < senders * perSender; n++)
        {
            var (ping, _) = await sink.ExpectAsync<Ping>();
            var s = int.Parse(ping.Text.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(next[s], ping.Seq);
            next[s]++;
        }

        Assert.All(next, count => Assert.Equal(perSender, count));
    }

    [Fact]
    public async Task Tell_MessageNearControlLimit_DeliveredIntact()
    {
        await using var a = NodeHarness.Start();
        await using var b = NodeHarness.Start();
        var sink = b.AddProbe("sink");
        var data = new string('x', 255 * 1024);

        a.RefTo(b, "sink").Tell(new Blob(data));

        var (blob, _) = await sink.ExpectAsync<Blob>();
        Assert.Equal(data.Length, blob.Data.Length);
        Assert.Equal(data, blob.Data);
    }

    [Fact]
    public async Task Tell_MessageOverControlLimit_DroppedAndLoggedThenLaterMessageDelivered()
    {
        await using var a = NodeHarness.Start();
        await using var b = NodeHarness.Start();
        var sink = b.AddProbe("sink");
        var target = a.RefTo(b, "sink");

        target.Tell(new Blob(new string('x', 300 * 1024)));
        target.Tell(new Ping(2, "after"));

        var (ping, _) = await sink.ExpectAsync<Ping>();
        Assert.Equal(2, ping.Seq);
        var line = await a.Logs.WaitForAsync(l => l.EventId == 2037);
        Assert.Contains("over the control frame limit", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tell_NameUnknownToReceiver_DroppedAndLoggedConnectionKept()
    {
        await using var a = NodeHarness.Start(withStranger: true);
        await using var b = NodeHarness.Start();
        var sink = b.AddProbe("sink");
        var target = a.RefTo(b, "sink");

        target.Tell(new Stranger(5));
        target.Tell(new Ping(3, "known"));

        var (ping, _) = await sink.ExpectAsync<Ping>();
        Assert.Equal(3, ping.Seq);
        Assert.Equal(1, b.Node.UndeliverableMessages);
        var line = await b.Logs.WaitForAsync(l => l.EventId == 2030);
        Assert.Contains("test.stranger/1", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(b.Logs.Lines, l => l.EventId == 2011);
    }

    [Fact]
    public async Task Tell_UnregisteredType_DroppedAndLogged()
    {
        await using var a = NodeHarness.Start();
        await using var b = NodeHarness.Start();
        var sink = b.AddProbe("sink");
        var target = a.RefTo(b, "sink");

        target.Tell(new Uri("http://example.invalid/"));
        target.Tell(new Ping(4, "ok"));

        Assert.Equal(4, (await sink.ExpectAsync<Ping>()).Message.Seq);
        var line = await a.Logs.WaitForAsync(l => l.EventId == 2035);
        Assert.Contains("System.Uri", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_DifferentClusterId_RefusedWithReasonOnBothSides()
    {
        await using var a = NodeHarness.Start(NodeHarness.Options(cluster: "alpha"));
        await using var b = NodeHarness.Start(NodeHarness.Options(cluster: "beta"));
        b.AddProbe("sink");

        a.Node.RemoteRef($"ftactors://alpha@127.0.0.1:{b.Node.Address.Port}/user/sink").Tell(new Ping(1, "x"));

        var ours = await b.Logs.WaitForAsync(l => l.EventId == 2013);
        Assert.Contains("cluster id 'alpha' does not match this node's 'beta'", ours.Text, StringComparison.Ordinal);
        var theirs = await a.Logs.WaitForAsync(l => l.EventId == 2014);
        Assert.Contains("cluster id 'alpha' does not match", theirs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blackhole_HeartbeatsStop_ConnectionBrokenThenHealedLinkReconnects()
    {
        var faults = new FaultInjectionOptions { Enabled = true };
        await using var a = NodeHarness.Start(NodeHarness.Options(faults: faults, heartbeatTimeout: TestKitSettings.Dilated(TimeSpan.FromSeconds(2))));
        await using var b = NodeHarness.Start(NodeHarness.Options(heartbeatTimeout: TestKitSettings.Dilated(TimeSpan.FromSeconds(2))));
        var sink = b.AddProbe("sink");
        var target = a.RefTo(b, "sink");
        target.Tell(new Ping(1, "before"));
        Assert.Equal(1, (await sink.ExpectAsync<Ping>()).Message.Seq);

        a.Node.Faults!.Blackhole = true;
        // Both sides stop hearing each other; whichever times out first breaks its connection and closes the
        // socket, so the other may see a close instead of its own timeout.
        await Eventually.TrueAsync(
            () => a.Logs.Lines.Concat(b.Logs.Lines).Any(l => l.EventId == 2011 && l.Text.Contains("nothing received", StringComparison.Ordinal)),
            "a heartbeat timeout on either side");
        await a.Logs.WaitForAsync(l => l.EventId is 2011 or 2012 && l.Text.Contains("to 127.0.0.1:", StringComparison.Ordinal));
        a.Node.Faults.Blackhole = false;

        target.Tell(new Ping(2, "after"));
        Assert.Equal(2, (await sink.ExpectAsync<Ping>()).Message.Seq);
        Assert.True(a.Node.Faults.DroppedFrames > 0);
    }

    [Fact]
    public async Task DropProbabilityOne_MessagesLostUntilReset()
    {
        var faults = new FaultInjectionOptions { Enabled = true, DropProbability = 1.0 };
        await using var a = NodeHarness.Start(NodeHarness.Options(faults: faults));
        await using var b = NodeHarness.Start();
        var sink = b.AddProbe("sink");
        var target = a.RefTo(b, "sink");

        target.Tell(new Ping(1, "lost"));
        await Eventually.TrueAsync(() => a.Node.Faults!.DroppedFrames == 1, "the first message to be dropped");
        a.Node.Faults!.SetDropProbability(0);
        target.Tell(new Ping(2, "kept"));

        Assert.Equal(2, (await sink.ExpectAsync<Ping>()).Message.Seq);
        Assert.False(sink.TryTake(out _));
    }

    [Fact]
    public async Task DelayAndThrottle_MessagesStillArriveInOrder()
    {
        var faults = new FaultInjectionOptions { Enabled = true, Delay = TimeSpan.FromMilliseconds(2), ThrottleBytesPerSecond = 1_000_000 };
        await using var a = NodeHarness.Start(NodeHarness.Options(faults: faults));
        await using var b = NodeHarness.Start();
        var sink = b.AddProbe("sink");
        var target = a.RefTo(b, "sink");

        for (var i = 0; i < 50; i++)
        {
            target.Tell(new Ping(i, "slow"));
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(i, (await sink.ExpectAsync<Ping>()).Message.Seq);
        }
    }

    [Fact]
    public async Task PeerRestart_NewIncarnationReachedAndOldIncarnationMessagesDropped()
    {
        await using var a = NodeHarness.Start();
        var client = a.AddProbe("client");
        var b1 = NodeHarness.Start();
        var port = b1.Node.Address.Port!.Value;
        b1.AddProbe("echo", echo: true);
        var anyIncarnation = a.RefTo(b1, "echo");
        anyIncarnation.Tell(new Ping(1, "first life"), client);
        var (_, replier) = await client.ExpectAsync<Pong>();
        var boundToFirstLife = Assert.IsType<RemoteActorRef>(replier);
        Assert.Equal(b1.Node.Incarnation, boundToFirstLife.Incarnation);

        await b1.DisposeAsync();
        // Wait until A has seen the old connection end; a message handed to a dying connection may be lost (at most once).
        await a.Logs.WaitForAsync(l => l.EventId is 2011 or 2012 && l.Text.Contains($"to 127.0.0.1:{port}", StringComparison.Ordinal));
        await using var b2 = NodeHarness.Start(NodeHarness.Options(port: port));
        var echo2 = b2.AddProbe("echo", echo: true);
        Assert.NotEqual(b1.Node.Incarnation, b2.Node.Incarnation);

        // Same connection, in order: the stale message is handled (dropped) before the fresh one arrives.
        boundToFirstLife.Tell(new Ping(2, "for the dead"), client);
        anyIncarnation.Tell(new Ping(3, "for whoever lives"), client);

        var (ping, _) = await echo2.ExpectAsync<Ping>();
        Assert.Equal(3, ping.Seq);
        Assert.Equal(3, (await client.ExpectAsync<Pong>()).Message.Seq);
        Assert.False(echo2.TryTake(out _));
        Assert.Equal(1, a.Node.QuarantinedMessages);
        await a.Logs.WaitForAsync(l => l.EventId == 2017);
    }

    [Fact]
    public async Task Dispose_PeerSeesDisassociateReason()
    {
        await using var a = NodeHarness.Start();
        var b = NodeHarness.Start();
        var sink = b.AddProbe("sink");
        a.RefTo(b, "sink").Tell(new Ping(1, "x"));
        await sink.ExpectAsync<Ping>();

        await b.DisposeAsync();

        var line = await a.Logs.WaitForAsync(l => l.EventId == 2016);
        Assert.Contains("node shutting down", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tell_AfterNodeStopped_DroppedWithoutThrowing()
    {
        var a = NodeHarness.Start();
        await using var b = NodeHarness.Start();
        var target = a.RefTo(b, "sink");
        await a.DisposeAsync();

        target.Tell(new Ping(1, "late"));
        await target.TellAsync(new Ping(2, "late"));

        Assert.Equal(2, a.Logs.Lines.Count(l => l.EventId == 2038));
    }

    [Fact]
    public void Start_InvalidOptions_ThrowsNamingOption()
    {
        var options = NodeHarness.Options() is var o ? new RemotingOptions { ClusterId = "bad id!", Host = o.Host } : null!;

        var ex = Assert.Throws<RemotingOptionsException>(() => RemotingNode.Start(options, TestRegistry.Create(), new DictionaryResolver()));

        Assert.Equal("ClusterId", ex.Option);
        Assert.Contains("found 'bad id!'", ex.Message, StringComparison.Ordinal);
    }
}
