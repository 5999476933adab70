using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;
using Xunit.Sdk;

namespace FtActors.Kernel.Tests;

public class TestKitTests : ActorTestKit
{
    [Fact]
    public async Task ExpectMsgAsync_WrongType_FailsNamingBothTypes()
    {
        TestActor.Tell(42);

        var ex = await Assert.ThrowsAsync<FailException>(() => ExpectMsgAsync<string>());

        Assert.Contains("String", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectMsgAsync_PredicateFalse_Fails()
    {
        TestActor.Tell("no");

        await Assert.ThrowsAsync<FailException>(() => ExpectMsgAsync<string>(s => s == "yes"));
    }

    [Fact]
    public async Task ExpectMsgAsync_NothingArrives_FailsAfterTimeout()
    {
        var ex = await Assert.ThrowsAsync<FailException>(() => ExpectMsgAsync<string>(TimeSpan.FromMilliseconds(50)));

        Assert.Contains("found none", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectNoMsgAsync_MessagePresent_Fails()
    {
        TestActor.Tell("surprise");

        await Assert.ThrowsAsync<FailException>(() => ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task FishForMessageAsync_SkipsUntilMatch()
    {
        TestActor.Tell(1);
        TestActor.Tell("skip");
        TestActor.Tell(3);

        Assert.Equal(3, await FishForMessageAsync(m => m is 3));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task ReplyAndForward_UseLastSender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var other = CreateTestProbe();
        echo.Tell("hi", TestActor);
        await ExpectMsgAsync("hi");
        Assert.Equal(echo, LastSender);

        Forward(other);
        Reply("back");

        var forwarded = await other.ReceiveOneAsync();
        Assert.Equal("hi", forwarded.Message);
        Assert.Equal(echo, forwarded.Sender);
        Assert.Equal("back", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task WithinAsync_BlockFasterThanMin_Fails()
    {
        await Assert.ThrowsAsync<FailException>(() => WithinAsync(TimeSpan.FromHours(1), TimeSpan.FromHours(2), () => Task.CompletedTask));
    }

    [Fact]
    public async Task WithinAsync_NestedExpectations_SucceedInsideBounds()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());

        var reply = await WithinAsync(TimeSpan.Zero, TimeSpan.FromSeconds(10), async () =>
        {
            echo.Tell("inside", TestActor);
            return await ExpectMsgAsync<string>();
        });

        Assert.Equal("inside", reply);
    }

    [Fact]
    public async Task AwaitAssertAsync_ConditionBecomesTrue_Passes()
    {
        var flag = 0;
        _ = Task.Run(() => Interlocked.Exchange(ref flag, 1));

        await AwaitAssertAsync(() => Assert.Equal(1, Volatile.Read(ref flag)));
    }

    [Fact]
    public async Task AwaitAssertAsync_NeverTrue_RethrowsLastFailure()
    {
        await Assert.ThrowsAsync<EqualException>(() => AwaitAssertAsync(() => Assert.Equal(1, 2), TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void BlockingForms_OutsideAsyncCode_Work()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());

        Within(TimeSpan.Zero, TimeSpan.FromSeconds(10), () =>
        {
            echo.Tell("sync", TestActor);
            Assert.Equal("sync", ExpectMsg<string>());
            ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        });
        TestActor.Watch(echo);
        Sys.Stop(echo);

        Assert.Equal(echo, ExpectTerminated(echo).ActorRef);
        AwaitAssert(() => Assert.Null(Sys.Lookup(echo.Path)));
    }

    [Fact]
    public void TestProbe_EqualsItsActorRef()
    {
        var probe = CreateTestProbe("named");

        Assert.Equal(probe.Ref, probe);
        Assert.True(probe.Ref.Equals(probe));
        Assert.Equal(probe.Ref.GetHashCode(), probe.GetHashCode());
        Assert.Equal($"ftactors://{Sys.Name}/system/named", probe.Path.ToString());
    }

    [Fact]
    public void TestKitSettings_DefaultTimeout_IsThreeSecondsScaled()
    {
        Assert.Equal(TimeSpan.FromSeconds(3) * TestKitSettings.TimeFactor, TestKitSettings.DefaultTimeout);
        Assert.True(TestKitSettings.TimeFactor > 0);
    }
}
