using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class BehaviorTests : ActorTestKit
{
    [Fact]
    public async Task Become_SwitchesHandlers_AndUnbecomeReturns()
    {
        var actor = Sys.ActorOf(Props.Create<MoodActor>());

        actor.Tell("how", TestActor);
        actor.Tell("angry", TestActor);
        actor.Tell("how", TestActor);
        actor.Tell("calm", TestActor);
        actor.Tell("how", TestActor);

        Assert.Equal("happy", await ExpectMsgAsync<string>());
        Assert.Equal("angry", await ExpectMsgAsync<string>());
        Assert.Equal("happy", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Become_UntypedActor_ReplacesBehaviour()
    {
        var actor = Sys.ActorOf(Props.Create<ToggleActor>());

        actor.Tell("x", TestActor);
        actor.Tell("x", TestActor);
        actor.Tell("x", TestActor);

        Assert.Equal("on", await ExpectMsgAsync<string>());
        Assert.Equal("off", await ExpectMsgAsync<string>());
        Assert.Equal("on", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Stash_UntilOpen_ThenUnstashAllKeepsOriginalOrderBeforeNewMessages()
    {
        var actor = Sys.ActorOf(Props.Create(() => new GateActor(TestActor)));

        for (var i = 1; i <= 5; i++)
        {
            actor.Tell(i);
        }

        actor.Tell("open");
        actor.Tell(6);

        for (var i = 1; i <= 6; i++)
        {
            Assert.Equal(i, await ExpectMsgAsync<int>());
        }
    }

    [Fact]
    public async Task Unstash_One_ReplaysOldestFirst()
    {
        var actor = Sys.ActorOf(Props.Create(() => new GateActor(TestActor)));
        actor.Tell(1);
        actor.Tell(2);

        actor.Tell("one");

        Assert.Equal(1, await ExpectMsgAsync<int>());
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    private sealed class MoodActor : ReceiveActor
    {
        public MoodActor()
        {
            Receive<string>(s => s == "how", _ => Sender.Tell("happy"));
            Receive<string>(s => s == "angry", _ => BecomeStacked(() =>
            {
                Receive<string>(s => s == "how", _ => Sender.Tell("angry"));
                Receive<string>(s => s == "calm", _ => Context.Unbecome());
            }));
        }
    }

    private sealed class ToggleActor : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            Sender.Tell("on");
            Become(Off);
        }

        private void Off(object message)
        {
            Sender.Tell("off");
            Context.Become(m =>
            {
                OnReceive(m);
                return true;
            });
        }
    }

    /// <summary>Stashes ints while closed; "open" unstashes all and forwards from then on; "one" unstashes one and opens.</summary>
    private sealed class GateActor : ReceiveActor
    {
        public GateActor(IActorRef probe)
        {
            Receive<int>(_ => Stash.Stash());
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<int>(i => probe.Tell(i)));
                Stash.UnstashAll();
            });
            Receive<string>(s => s == "one", _ =>
            {
                Become(() => Receive<int>(i => probe.Tell(i)));
                Stash.Unstash();
            });
        }
    }
}
