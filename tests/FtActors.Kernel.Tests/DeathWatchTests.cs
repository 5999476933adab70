using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class DeathWatchTests : ActorTestKit
{
    [Fact]
    public async Task Watch_ActorStops_DeliversTerminated()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(echo);

        echo.Tell(PoisonPill.Instance);

        var terminated = await ExpectTerminatedAsync(echo);
        Assert.Equal(echo, terminated.ActorRef);
    }

    [Fact]
    public async Task Watch_AlreadyDeadActor_DeliversTerminated()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var first = CreateTestProbe();
        first.Watch(echo);
        Sys.Stop(echo);
        await first.ExpectTerminatedAsync(echo);

        Watch(echo);

        await ExpectTerminatedAsync(echo);
    }

    [Fact]
    public async Task Watch_ReferenceToNothing_DeliversTerminated()
    {
        var ghost = new PathOnlyRef(ActorPath.Parse($"ftactors://{Sys.Name}/user/nobody-here"));
        var watcher = Sys.ActorOf(Props.Create(() => new WatchingActor(TestActor)));

        watcher.Tell(ghost);

        Assert.Equal(ghost.Path, (await ExpectMsgAsync<Terminated>()).ActorRef.Path);
    }

    [Fact]
    public async Task Unwatch_BeforeStop_NoTerminated()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new WatchingActor(TestActor)));
        watcher.Tell(echo);
        watcher.Tell(new Unwatch(echo));
        watcher.Tell("sync", TestActor);
        await ExpectMsgAsync("sync");

        Sys.Stop(echo);

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task PoisonPill_AfterMessages_ProcessesEarlierMessagesFirst()
    {
        var forward = Sys.ActorOf(Props.Create(() => new ForwardActor(TestActor)));
        Watch(forward);

        forward.Tell(1);
        forward.Tell(2);
        forward.Tell(PoisonPill.Instance);
        forward.Tell(3);

        Assert.Equal(1, await ExpectMsgAsync<int>());
        Assert.Equal(2, await ExpectMsgAsync<int>());
        await ExpectTerminatedAsync(forward);
    }

    [Fact]
    public async Task Tell_StoppedActor_GoesToDeadLetters()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(echo);
        Sys.Stop(echo);
        await ExpectTerminatedAsync(echo);
        var letters = CreateTestProbe();
        Sys.EventStream.Subscribe(letters, typeof(DeadLetter));

        echo.Tell("lost", TestActor);

        var letter = await letters.ExpectMsgAsync<DeadLetter>();
        Assert.Equal("lost", letter.Message);
        Assert.Equal(echo, letter.Recipient);
        Assert.Equal(TestActor.Ref, letter.Sender);
    }

    [Fact]
    public async Task Stop_ActorWithQueuedMessages_SendsUnprocessedOnesToDeadLetters()
    {
        var gate = new TaskCompletionSource();
        var slow = Sys.ActorOf(Props.Create(() => new BlockedActor(gate.Task, TestActor)));
        var letters = CreateTestProbe();
        Sys.EventStream.Subscribe(letters, typeof(DeadLetter));
        Watch(slow);
        slow.Tell("first");
        await ExpectMsgAsync("holding first");
        slow.Tell("queued-1");
        slow.Tell("queued-2");
        Sys.Stop(slow);

        gate.SetResult();

        await ExpectTerminatedAsync(slow);
        var lost = new[] { (await letters.ExpectMsgAsync<DeadLetter>()).Message, (await letters.ExpectMsgAsync<DeadLetter>()).Message };
        Assert.Equal(["queued-1", "queued-2"], lost);
    }

    [Fact]
    public async Task Terminated_ArrivesAfterLastMessageFromDeadActor()
    {
        var watcher = Sys.ActorOf(Props.Create(() => new WatchingActor(TestActor)));
        var chatty = Sys.ActorOf(Props.Create<ChattyActor>());
        watcher.Tell(chatty);
        watcher.Tell("sync", TestActor);
        await ExpectMsgAsync("sync");

        chatty.Tell(watcher);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i, await ExpectMsgAsync<int>());
        }

        Assert.Equal(chatty, (await ExpectMsgAsync<Terminated>()).ActorRef);
    }

    private sealed record Unwatch(IActorRef Target);

    private sealed class PathOnlyRef(ActorPath path) : IActorRef
    {
        public ActorPath Path { get; } = path;

        public void Tell(object message, IActorRef? sender = null)
        {
        }

        public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class WatchingActor : ReceiveActor
    {
        public WatchingActor(IActorRef probe)
        {
            Receive<IActorRef>(r => Context.Watch(r));
            Receive<Unwatch>(u => Context.Unwatch(u.Target));
            Receive<Terminated>(t => probe.Tell(t));
            Receive<int>(i => probe.Tell(i));
            Receive<string>(s => Sender.Tell(s));
        }
    }

    /// <summary>Sends 100 numbers to whoever it is given, then stops itself.</summary>
    private sealed class ChattyActor : ReceiveActor
    {
        public ChattyActor() => Receive<IActorRef>(target =>
        {
            for (var i = 0; i < 100; i++)
            {
                target.Tell(i);
            }

            Context.Stop(Self);
        });
    }

    /// <summary>Holds its mailbox on the first message until the gate opens.</summary>
    private sealed class BlockedActor : ReceiveActor
    {
        public BlockedActor(Task gate, IActorRef probe) => ReceiveAsync<string>(s =>
        {
            probe.Tell("holding " + s);
            return gate;
        });
    }
}
