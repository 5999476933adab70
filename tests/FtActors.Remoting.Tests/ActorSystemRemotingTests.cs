using FtActors.Kernel;
using FtActors.Remoting.Tests.Support;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Remoting.Tests;

/// <summary>Two kernel actor systems in one process, each with remoting on 127.0.0.1:0, talking through remote refs.</summary>
public sealed class ActorSystemRemotingTests : IAsyncLifetime
{
    private readonly ActorSystem _systemA = ActorSystem.Create("test");
    private readonly ActorSystem _systemB = ActorSystem.Create("test");
    private RemotingNode _nodeA = null!;
    private RemotingNode _nodeB = null!;

    public Task InitializeAsync()
    {
        _nodeA = RemotingNode.Start(NodeHarness.Options(), TestRegistry.Create(), new ActorSystemResolver(_systemA));
        _nodeB = RemotingNode.Start(NodeHarness.Options(), TestRegistry.Create(), new ActorSystemResolver(_systemB));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _systemA.TerminateAsync();
        await _systemB.TerminateAsync();
    }

    [Fact]
    public async Task Ask_RemoteEchoActor_ReplyComesBackThroughRemoteRef()
    {
        _systemB.ActorOf(Props.Create(() => new EchoActor()), "echo");
        var echo = _nodeA.RemoteRef($"{_nodeB.Address}/user/echo");

        var pong = await echo.Ask<Pong>(new Ping(7, "ask"), TestKitSettings.Dilated(TimeSpan.FromSeconds(10)));

        Assert.Equal(new Pong(7, "ask"), pong);
    }

    [Fact]
    public async Task Ask_ManyConcurrentAsks_EachGetsItsOwnReply()
    {
        _systemB.ActorOf(Props.Create(() => new EchoActor()), "echo");
        var echo = _nodeA.RemoteRef($"{_nodeB.Address}/user/echo");

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            echo.Ask<Pong>(new Ping(i, "n" + i), TestKitSettings.Dilated(TimeSpan.FromSeconds(20)))));

        Assert.Equal(Enumerable.Range(0, 200), replies.Select(r => r.Seq));
        Assert.All(replies, r => Assert.Equal("n" + r.Seq, r.Text));
    }

    [Fact]
    public async Task Tell_ActorToRemoteActor_ReplyReachesSenderActor()
    {
        _systemB.ActorOf(Props.Create(() => new EchoActor()), "echo");
        var results = new TaskCompletionSource<(Pong Pong, IActorRef? Sender)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var echo = _nodeA.RemoteRef($"{_nodeB.Address}/user/echo");
        var client = _systemA.ActorOf(Props.Create(() => new ClientActor(echo, results)), "client");

        client.Tell("go");

        var (pong, sender) = await results.Task.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(10)));
        Assert.Equal(new Pong(1, "from client"), pong);
        var remote = Assert.IsType<RemoteActorRef>(sender);
        Assert.Equal(_nodeB.Incarnation, remote.Incarnation);
        Assert.Equal($"{_nodeB.Address}/user/echo", remote.Path.ToString());
    }

    [Fact]
    public async Task Tell_ByPathOnly_ResolvedInReceivingActorSystem()
    {
        var received = new TaskCompletionSource<Ping>(TaskCreationOptions.RunContinuationsAsynchronously);
        _systemA.ActorOf(Props.Create(() => new SinkActor(received)), "sink");

        _nodeB.RemoteRef($"{_nodeA.Address}/user/sink").Tell(new Ping(9, "by path"));

        Assert.Equal(new Ping(9, "by path"), await received.Task.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task Tell_ToMissingRemoteActor_DroppedAndCounted()
    {
        var nobody = _nodeA.RemoteRef($"{_nodeB.Address}/user/nobody");

        nobody.Tell(new Ping(1, "void"));

        await Eventually.TrueAsync(() => _nodeB.UndeliverableMessages == 1, "the message for a missing actor to be counted");
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => Receive<Ping>(p => Sender.Tell(new Pong(p.Seq, p.Text), Self));
    }

    private sealed class SinkActor : ReceiveActor
    {
        public SinkActor(TaskCompletionSource<Ping> received) => Receive<Ping>(p => received.TrySetResult(p));
    }

    private sealed class ClientActor : ReceiveActor
    {
        public ClientActor(IActorRef echo, TaskCompletionSource<(Pong, IActorRef?)> results)
        {
            Receive<string>(_ => echo.Tell(new Ping(1, "from client"), Self));
            Receive<Pong>(p => results.TrySetResult((p, Sender)));
        }
    }
}
