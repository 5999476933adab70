using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class ActorSystemTests : ActorTestKit
{
    [Fact]
    public async Task Tell_ToEcho_RepliesToSender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "echo");

        echo.Tell("hello", TestActor);

        Assert.Equal("hello", await ExpectMsgAsync<string>());
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public async Task ActorOf_NestedChildren_HaveHierarchicalPaths()
    {
        var parent = Sys.ActorOf(Props.Create(() => new SupervisorActor(SupervisorStrategy.Default)), "a");
        parent.Tell(new SupervisorActor.CreateChild(Props.Create<EchoActor>(), "b"), TestActor);
        var child = await ExpectMsgAsync<IActorRef>();

        Assert.Equal($"ftactors://{Sys.Name}/user/a", parent.Path.ToString());
        Assert.Equal($"ftactors://{Sys.Name}/user/a/b", child.Path.ToString());
        Assert.Equal(child, Sys.Lookup($"ftactors://{Sys.Name}/user/a/b"));
        Assert.Null(Sys.Lookup($"ftactors://{Sys.Name}/user/a/missing"));
    }

    [Fact]
    public void ActorOf_DuplicateName_ThrowsInvalidActorName()
    {
        Sys.ActorOf(Props.Create<EchoActor>(), "twin");

        var ex = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "twin"));

        Assert.Equal("twin", ex.Name);
    }

    [Theory]
    [InlineData("", -1)]
    [InlineData("$reserved", 0)]
    [InlineData("has/slash", 3)]
    [InlineData("has space", 3)]
    public void ActorOf_InvalidName_ThrowsWithOffset(string name, int offset)
    {
        var ex = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), name));

        Assert.Equal(offset, ex.Offset);
    }

    [Fact]
    public void ActorOf_WithoutName_GeneratesUniqueNames()
    {
        var a = Sys.ActorOf(Props.Create<EchoActor>());
        var b = Sys.ActorOf(Props.Create<EchoActor>());

        Assert.StartsWith("$", a.Path.Name, StringComparison.Ordinal);
        Assert.NotEqual(a.Path, b.Path);
    }

    [Fact]
    public void Create_ActorWithNew_ThrowsActorInitializationException()
    {
        Assert.Throws<ActorInitializationException>(() => new EchoActor());
    }

    [Fact]
    public void Create_InvalidSystemName_ThrowsWithOffset()
    {
        var ex = Assert.Throws<ArgumentException>(() => ActorSystem.Create("bad name"));

        Assert.Contains("offset 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tell_OneSenderManyMessages_ArriveInOrder()
    {
        var forward = Sys.ActorOf(Props.Create(() => new ForwardActor(TestActor)));

        for (var i = 0; i < 1000; i++)
        {
            forward.Tell(i);
        }

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(i, await ExpectMsgAsync<int>());
        }
    }

    [Fact]
    public async Task TerminateAsync_StopsEveryActorChildrenFirst()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new LifecycleActor(probe)), "parent");
        await probe.ExpectMsgAsync("PreStart");

        await Sys.TerminateAsync();

        Assert.True(Sys.WhenTerminated.IsCompleted);
        Assert.Null(Sys.Lookup(parent.Path));
    }

    [Fact]
    public async Task PipeTo_CompletedAndFailedTasks_DeliverResultOrStatusFailure()
    {
        await Task.FromResult(42).PipeTo(TestActor);
        await Task.FromException<int>(new InvalidOperationException("nope")).PipeTo(TestActor);
        await Task.FromResult(1).PipeTo(TestActor, success: v => $"mapped {v}");

        Assert.Equal(42, await ExpectMsgAsync<int>());
        Assert.Equal("nope", (await ExpectMsgAsync<Status.Failure>()).Cause.Message);
        Assert.Equal("mapped 1", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task Unhandled_Message_IsPublishedOnEventStream()
    {
        var silent = Sys.ActorOf(Props.Create<SilentActor>());
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));

        silent.Tell(123);

        var unhandled = await ExpectMsgAsync<UnhandledMessage>();
        Assert.Equal(123, unhandled.Message);
        Assert.Equal(silent, unhandled.Recipient);
    }

    private sealed class SilentActor : ReceiveActor
    {
        public SilentActor() => Receive<string>(_ => { });
    }
}
