using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class GuardianEscalationTests : ActorTestKit
{
    public GuardianEscalationTests()
        : base(new ActorSystemSettings { GuardianSupervisorStrategy = new OneForOneStrategy(_ => Directive.Escalate) })
    {
    }

    [Fact]
    public async Task Escalate_FromTopLevelActor_GuardianStopsItAndSystemKeepsRunning()
    {
        var top = Sys.ActorOf(Props.Create<SupervisionTests.FailingActor>());
        Watch(top);

        top.Tell("fail");

        await ExpectTerminatedAsync(top);
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Equal("alive", await echo.Ask<string>("alive", DefaultTimeout));
        Assert.False(Sys.WhenTerminated.IsCompleted);
    }
}
