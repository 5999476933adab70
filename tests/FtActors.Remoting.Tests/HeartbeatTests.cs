using FtActors.Remoting.Framing;
using FtActors.Remoting.Tests.Support;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Remoting.Tests;

/// <summary>Heartbeats on a manual clock: each tick is driven by the test, so nothing depends on real time.</summary>
public sealed class HeartbeatTests
{
    [Fact]
    public async Task SilentPeer_ManualClock_NodeSendsNumberedHeartbeatsThenBreaksAfterTimeout()
    {
        var clock = new ManualTimeProvider();
        var options = new RemotingOptions
        {
            ClusterId = "test",
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            HeartbeatTimeout = TimeSpan.FromSeconds(5),
            HandshakeTimeout = TimeSpan.FromSeconds(30),
            TimeProvider = clock,
        };
        await using var node = NodeHarness.Start(options);
        await using var peer = await MockPeer.ConnectAsync(node.Node);
        await peer.SendAsync(MockPeer.Hello());
        Assert.Equal(FrameType.Welcome, (await peer.ReadFrameAsync())!.Value.Type);

        // Silent for 1..5 s: still within the timeout, so the node keeps sending heartbeats 1..5.
        for (ulong expected = 1; expected <= 5; expected++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var frame = await peer.ReadFrameAsync();
            Assert.NotNull(frame);
            Assert.Equal(FrameType.Heartbeat, frame.Value.Type);
            Assert.Equal(expected, frame.Value.Correlation);
            Assert.Empty(frame.Value.Payload);
        }

        // 6 s of silence exceeds the 5 s timeout: the next tick breaks the connection.
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains("nothing received for 6.0 s (heartbeat timeout 00:00:05)", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoHello_ManualClock_BrokenOnlyAfterHandshakeTimeout()
    {
        var clock = new ManualTimeProvider();
        var options = new RemotingOptions
        {
            ClusterId = "test",
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            HeartbeatTimeout = TimeSpan.FromSeconds(60),
            HandshakeTimeout = TimeSpan.FromSeconds(3),
            TimeProvider = clock,
        };
        await using var node = NodeHarness.Start(options);
        await using var peer = await MockPeer.ConnectAsync(node.Node);
        await Eventually.TrueAsync(() => clock.ActiveTimerCount > 0, "the node to arm the connection's timer");

        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains("no handshake within 00:00:03", line.Text, StringComparison.Ordinal);
    }
}
