using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using FtActors.Remoting.Framing;
using FtActors.Remoting.Protocol;
using FtActors.Remoting.Tests.Support;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Remoting.Tests;

/// <summary>A scripted peer misbehaves against a real node: the node logs clearly, closes that connection, and lives on.</summary>
public sealed class MockPeerTests
{
    [Fact]
    public async Task Garbage_NotAFrame_ConnectionClosedAndViolationLogged()
    {
        await using var node = NodeHarness.Start();
        await using var peer = await MockPeer.ConnectAsync(node.Node);

        await peer.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains("Protocol violation at stream offset 0: expected a frame length between 12 and 262144 bytes", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedLength_ClosedBeforeBodyIsSent()
    {
        await using var node = NodeHarness.Start();
        await using var peer = await MockPeer.ConnectAsync(node.Node);
        var header = MockPeer.Frame(FrameType.Hello, 0, [])[..8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 64 * 1024 * 1024);

        await peer.SendAsync(header);

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains("found 67108864", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFrameTypeAfterHandshake_ClosedWithOffsetInLog()
    {
        await using var node = NodeHarness.Start();
        await using var peer = await MockPeer.ConnectAsync(node.Node);
        var hello = MockPeer.Hello();
        await peer.SendAsync(hello);
        Assert.Equal(FrameType.Welcome, (await peer.ReadFrameAsync())!.Value.Type);
        var bad = MockPeer.Frame(FrameType.Heartbeat, 0, []);
        bad[7] = 200;

        await peer.SendAsync(bad);

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains($"stream offset {hello.Length + 7}: expected a known frame type (1-6 or 32), found type 200", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageBeforeHello_Refused()
    {
        await using var node = NodeHarness.Start();
        await using var peer = await MockPeer.ConnectAsync(node.Node);

        await peer.SendAsync(MockPeer.Message("ftactors://test@127.0.0.1:1/user/x", "test.ping/1", "{}"));

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains("expected a Hello frame to open the association, found Message", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelloWithBadJson_ViolationLogged()
    {
        await using var node = NodeHarness.Start();
        await using var peer = await MockPeer.ConnectAsync(node.Node);

        await peer.SendAsync(MockPeer.Frame(FrameType.Hello, 0, "{not json"u8));

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains("stream offset 16: expected a JSON HandshakeInfo payload in the Hello frame", line.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other", 1, "cluster id 'other' does not match this node's 'test'")]
    [InlineData("test", 2, "protocol version 2 is not supported (this node speaks 1)")]
    public async Task Hello_Mismatch_RefuseFrameWithReasonThenClose(string cluster, int version, string reason)
    {
        await using var node = NodeHarness.Start();
        await using var peer = await MockPeer.ConnectAsync(node.Node);

        await peer.SendAsync(MockPeer.Hello(cluster, version));

        var refuse = await peer.ReadFrameAsync();
        Assert.NotNull(refuse);
        Assert.Equal(FrameType.Refuse, refuse.Value.Type);
        Assert.Equal(reason, JsonSerializer.Deserialize(refuse.Value.Payload, ProtocolJsonContext.Default.HandshakeRefusal)!.Reason);
        Assert.True(await peer.WaitClosedAsync());
        await node.Logs.WaitForAsync(l => l.EventId == 2013 && l.Text.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stall_NoHello_ClosedAfterHandshakeTimeout()
    {
        await using var node = NodeHarness.Start(NodeHarness.Options(handshakeTimeout: TimeSpan.FromMilliseconds(500)));
        await using var peer = await MockPeer.ConnectAsync(node.Node);

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains("no handshake within", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StallAfterHandshake_ClosedAfterHeartbeatTimeout()
    {
        await using var node = NodeHarness.Start(NodeHarness.Options(heartbeatTimeout: TimeSpan.FromSeconds(1)));
        await using var peer = await MockPeer.ConnectAsync(node.Node);
        await peer.SendAsync(MockPeer.Hello());

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains("heartbeat timeout", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalfCloseMidFrame_TruncationLoggedAndClosed()
    {
        await using var node = NodeHarness.Start();
        await using var peer = await MockPeer.ConnectAsync(node.Node);
        var hello = MockPeer.Hello();
        await peer.SendAsync(hello);
        var message = MockPeer.Message($"{node.Node.Address}/user/sink", "test.ping/1", """{"Seq":1,"Text":"x"}""");

        await peer.SendAsync(message[..(message.Length / 2)]);
        peer.HalfClose();

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains($"stream offset {hello.Length}: expected the rest of a frame, found end of stream after {message.Length / 2} bytes", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalfCloseBetweenFrames_ClosedCleanly()
    {
        await using var node = NodeHarness.Start();
        await using var peer = await MockPeer.ConnectAsync(node.Node);
        await peer.SendAsync(MockPeer.Hello());

        peer.HalfClose();

        Assert.True(await peer.WaitClosedAsync());
        await node.Logs.WaitForAsync(l => l.EventId == 2012 && l.Text.Contains("the peer closed the connection", StringComparison.Ordinal));
        Assert.DoesNotContain(node.Logs.Lines, l => l.EventId == 2011);
    }

    [Fact]
    public async Task BadMessages_DroppedWithoutBreakingTheConnection()
    {
        await using var node = NodeHarness.Start();
        var sink = node.AddProbe("sink");
        await using var peer = await MockPeer.ConnectAsync(node.Node);
        await peer.SendAsync(MockPeer.Hello());
        var to = $"{node.Node.Address}/user/sink";

        await peer.SendAsync(MockPeer.Message(to, "System.IO.FileInfo/1", "{}"));
        await peer.SendAsync(MockPeer.Message(to, "test.ping/1", "{broken"));
        await peer.SendAsync(MockPeer.Message($"{node.Node.Address}/user/nobody", "test.ping/1", """{"Seq":0,"Text":"x"}"""));
        await peer.SendAsync(MockPeer.Message(to, "test.ping/1", """{"Seq":1,"Text":"stale"}""", recipientIncarnation: node.Node.Incarnation + 1));
        await peer.SendAsync(MockPeer.Message(to, "test.ping/1", """{"Seq":2,"Text":"good"}""", recipientIncarnation: node.Node.Incarnation));

        var (ping, sender) = await sink.ExpectAsync<Ping>();
        Assert.Equal(new Ping(2, "good"), ping);
        Assert.Null(sender);
        Assert.Equal(3, node.Node.UndeliverableMessages);
        Assert.Equal(1, node.Node.QuarantinedMessages);
        Assert.Contains(node.Logs.Lines, l => l.EventId == 2030 && l.Text.Contains("System.IO.FileInfo/1", StringComparison.Ordinal));
        Assert.Contains(node.Logs.Lines, l => l.EventId == 2031);
        Assert.DoesNotContain(node.Logs.Lines, l => l.EventId == 2011);
    }

    [Fact]
    public async Task MalformedEnvelope_BreaksConnection()
    {
        await using var node = NodeHarness.Start();
        await using var peer = await MockPeer.ConnectAsync(node.Node);
        var hello = MockPeer.Hello();
        await peer.SendAsync(hello);

        await peer.SendAsync(MockPeer.Frame(FrameType.Message, 0, [9, 1, 2]));

        Assert.True(await peer.WaitClosedAsync());
        var line = await node.Logs.WaitForAsync(l => l.EventId == 2011);
        Assert.Contains($"stream offset {hello.Length + 16}: expected envelope format 1, found format 9", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyBadPeers_NodeStillServesGoodPeer()
    {
        await using var node = NodeHarness.Start();
        var sink = node.AddProbe("sink");
        for (var i = 0; i < 20; i++)
        {
            await using var bad = await MockPeer.ConnectAsync(node.Node);
            await bad.SendAsync([(byte)i, 0xFF, 0xFF, 0xFF, 0xFF]);
            await bad.WaitClosedAsync();
        }

        await using var good = NodeHarness.Start();
        good.RefTo(node, "sink").Tell(new Ping(1, "still alive"));

        Assert.Equal(1, (await sink.ExpectAsync<Ping>(TestKitSettings.Dilated(TimeSpan.FromSeconds(15)))).Message.Seq);
    }
}
