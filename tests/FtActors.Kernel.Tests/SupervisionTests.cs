using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class SupervisionTests : ActorTestKit
{
    private async Task<IActorRef> ChildOf(SupervisorStrategy strategy, Props child, string name = "child")
    {
        var parent = Sys.ActorOf(Props.Create(() => new SupervisorActor(strategy)));
        parent.Tell(new SupervisorActor.CreateChild(child, name), TestActor);
        return await ExpectMsgAsync<IActorRef>();
    }

    [Fact]
    public async Task Restart_KeepsQueuedMessages_DropsFailingOne_ResetsState()
    {
        var probe = CreateTestProbe();
        var counter = Sys.ActorOf(Props.Create(() => new CountingActor(probe)));

        counter.Tell("a");
        counter.Tell("b");
        counter.Tell("fail");
        counter.Tell("c");
        counter.Tell("report:after");

        // State was reset by the restart (count 0), "c" was kept and counted, "fail" was dropped.
        Assert.Equal("after@1", await probe.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Restart_RunsHooksInOrder_WithFailingMessage()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(probe)));
        await probe.ExpectMsgAsync("PreStart");

        actor.Tell("fail");
        actor.Tell("after");

        Assert.Equal("PreRestart:fail", await probe.ExpectMsgAsync<string>());
        Assert.Equal("PostStop", await probe.ExpectMsgAsync<string>());
        Assert.Equal("PostRestart", await probe.ExpectMsgAsync<string>());
        Assert.Equal("PreStart", await probe.ExpectMsgAsync<string>());
        Assert.Equal("after", await probe.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Resume_KeepsState()
    {
        var probe = CreateTestProbe();
        var child = await ChildOf(new OneForOneStrategy(_ => Directive.Resume), Props.Create(() => new CountingActor(probe)));

        child.Tell("a");
        child.Tell("fail");
        child.Tell("b");
        child.Tell("count");

        Assert.Equal(2, await probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Stop_Directive_StopsChild()
    {
        var child = await ChildOf(new OneForOneStrategy(_ => Directive.Stop), Props.Create<FailingActor>());
        Watch(child);

        child.Tell("fail");

        await ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task Kill_DefaultStrategy_StopsActor()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(echo);

        echo.Tell(Kill.Instance);

        await ExpectTerminatedAsync(echo);
    }

    [Fact]
    public async Task ConstructorFailure_DefaultStrategy_StopsActor()
    {
        var broken = Sys.ActorOf(Props.Create<BrokenConstructorActor>());
        Watch(broken);

        await ExpectTerminatedAsync(broken);
    }

    [Fact]
    public async Task RestartLimit_Exceeded_StopsChild()
    {
        var probe = CreateTestProbe();
        var child = await ChildOf(new OneForOneStrategy(2, TimeSpan.FromMinutes(1)), Props.Create(() => new LifecycleActor(probe)));
        await probe.ExpectMsgAsync("PreStart");
        Watch(child);

        child.Tell("fail");
        child.Tell("fail");
        child.Tell("fail");

        for (var restart = 0; restart < 2; restart++)
        {
            Assert.Equal("PreRestart:fail", await probe.ExpectMsgAsync<string>());
            Assert.Equal("PostStop", await probe.ExpectMsgAsync<string>());
            Assert.Equal("PostRestart", await probe.ExpectMsgAsync<string>());
            Assert.Equal("PreStart", await probe.ExpectMsgAsync<string>());
        }

        Assert.Equal("PostStop", await probe.ExpectMsgAsync<string>());
        await ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task Escalate_FromParent_ParentIsRestartedByGuardianAndChildStopped()
    {
        var child = await ChildOf(new OneForOneStrategy(_ => Directive.Escalate), Props.Create<FailingActor>());
        Watch(child);

        child.Tell("fail");

        await ExpectTerminatedAsync(child);
        Assert.Equal("alive", await Sys.ActorOf(Props.Create<EchoActor>()).Ask<string>("alive", DefaultTimeout));
    }

    [Fact]
    public async Task AllForOne_Restart_RestartsSiblings()
    {
        var probeA = CreateTestProbe();
        var probeB = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new SupervisorActor(new AllForOneStrategy(10, TimeSpan.FromMinutes(1)))));
        parent.Tell(new SupervisorActor.CreateChild(Props.Create(() => new CountingActor(probeA)), "a"), TestActor);
        var a = await ExpectMsgAsync<IActorRef>();
        parent.Tell(new SupervisorActor.CreateChild(Props.Create(() => new LifecycleActor(probeB)), "b"), TestActor);
        await ExpectMsgAsync<IActorRef>();
        await probeB.ExpectMsgAsync("PreStart");

        a.Tell("fail");

        Assert.Equal("PreRestart:", await probeB.ExpectMsgAsync<string>());
        Assert.Equal("PostStop", await probeB.ExpectMsgAsync<string>());
        Assert.Equal("PostRestart", await probeB.ExpectMsgAsync<string>());
        Assert.Equal("PreStart", await probeB.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task OneForOne_Restart_LeavesSiblingsAlone()
    {
        var probeA = CreateTestProbe();
        var probeB = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new SupervisorActor(SupervisorStrategy.Default)));
        parent.Tell(new SupervisorActor.CreateChild(Props.Create(() => new CountingActor(probeA)), "a"), TestActor);
        var a = await ExpectMsgAsync<IActorRef>();
        parent.Tell(new SupervisorActor.CreateChild(Props.Create(() => new CountingActor(probeB)), "b"), TestActor);
        var b = await ExpectMsgAsync<IActorRef>();
        b.Tell("x");

        a.Tell("fail");
        a.Tell("report:a");
        Assert.Equal("a@0", await probeA.ExpectMsgAsync<string>());
        b.Tell("report:b");

        Assert.Equal("b@1", await probeB.ExpectMsgAsync<string>());
    }

    [Fact]
    public void DefaultDecider_MapsExceptions()
    {
        Assert.Equal(Directive.Restart, SupervisorStrategy.DefaultDecider(new InvalidOperationException()));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorKilledException("x")));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorInitializationException("x")));
        Assert.Equal(10, SupervisorStrategy.Default.MaxNrOfRetries);
        Assert.Equal(TimeSpan.FromMinutes(1), SupervisorStrategy.Default.WithinTimeRange);
    }

    internal sealed class FailingActor : ReceiveActor
    {
        public FailingActor() => Receive<string>(_ => throw new InvalidOperationException("fail"));
    }

    private sealed class BrokenConstructorActor : ReceiveActor
    {
        public BrokenConstructorActor() => throw new InvalidOperationException("cannot start");
    }

}
