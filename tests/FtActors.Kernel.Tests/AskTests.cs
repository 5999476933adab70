using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class AskTests : ActorTestKit
{
    private readonly ManualTimeProvider _clock;

    public AskTests()
        : this(new ManualTimeProvider())
    {
    }

    private AskTests(ManualTimeProvider clock)
        : base(new ActorSystemSettings { TimeProvider = clock }) => _clock = clock;

    [Fact]
    public async Task Ask_EchoActor_ReturnsReply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());

        var reply = await echo.Ask<string>("ping", TimeSpan.FromSeconds(5));

        Assert.Equal("ping", reply);
    }

    [Fact]
    public async Task Ask_NoReplyAndClockPassesTimeout_ThrowsAskTimeoutException()
    {
        var probe = CreateTestProbe();

        var ask = probe.Ref.Ask<string>("anyone?", TimeSpan.FromSeconds(5));
        await probe.ExpectMsgAsync("anyone?");
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(ask.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        Assert.Equal(probe.Ref.Path.ToString(), ex.TargetPath);
        Assert.Equal(TimeSpan.FromSeconds(5), ex.Timeout);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Ask_ReplyAfterTimeout_IsIgnored()
    {
        var probe = CreateTestProbe();
        var ask = probe.Ref.Ask<string>("q", TimeSpan.FromSeconds(1));
        await probe.ExpectMsgAsync("q");
        _clock.Advance(TimeSpan.FromSeconds(2));

        probe.Reply("late");

        await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
    }

    [Fact]
    public async Task Ask_Cancelled_EndsCancelled()
    {
        var probe = CreateTestProbe();
        using var cts = new CancellationTokenSource();

        var ask = probe.Ref.Ask<string>("q", TimeSpan.FromMinutes(1), cts.Token);
        await probe.ExpectMsgAsync("q");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
        Assert.True(ask.IsCanceled);
    }

    [Fact]
    public async Task Ask_StatusFailureReply_ThrowsItsCause()
    {
        var probe = CreateTestProbe();
        var ask = probe.Ref.Ask<string>("q", TimeSpan.FromMinutes(1));
        await probe.ExpectMsgAsync("q");

        probe.Reply(new Status.Failure(new InvalidOperationException("refused")));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ask);
        Assert.Equal("refused", ex.Message);
    }

    [Fact]
    public async Task Ask_WrongReplyType_ThrowsUnexpectedReply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());

        var ex = await Assert.ThrowsAsync<UnexpectedReplyException>(() => echo.Ask<string>(42, TimeSpan.FromMinutes(1)));

        Assert.Equal(typeof(string), ex.Expected);
        Assert.Equal(42, ex.Found);
    }

    [Fact]
    public async Task Ask_StoppedActor_TimesOutAndMessageGoesToDeadLetters()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(echo);
        Sys.Stop(echo);
        await ExpectTerminatedAsync(echo);
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        var ask = echo.Ask<string>("hello?", TimeSpan.FromSeconds(1));
        var letter = await ExpectMsgAsync<DeadLetter>();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("hello?", letter.Message);
        await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
    }
}
