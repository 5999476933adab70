using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class MailboxTests : ActorTestKit
{
    [Fact]
    public async Task ReceiveAsync_SlowHandlers_KeepOrderAndNeverOverlap()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncOrderActor(TestActor)));

        for (var i = 0; i < 50; i++)
        {
            actor.Tell(i);
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal((i, 1), await ExpectMsgAsync<(int Value, int Concurrent)>());
        }
    }

    [Fact]
    public async Task ReceiveAsync_FaultedTask_IsAFailureAndActorRestarts()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncOrderActor(TestActor)));

        actor.Tell(-1);
        actor.Tell(7);

        Assert.Equal((7, 1), await ExpectMsgAsync<(int Value, int Concurrent)>());
    }

    [Fact]
    public async Task BoundedMailbox_Full_TellAsyncWaitsUntilRoom()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Props.Create(() => new GatedActor(gate.Task, TestActor)).WithMailbox(MailboxOptions.Bounded(2)));
        actor.Tell(0);
        await ExpectMsgAsync("holding 0");

        await actor.TellAsync(1);
        await actor.TellAsync(2);
        var third = actor.TellAsync(3).AsTask();
        Assert.False(third.IsCompleted);

        gate.SetResult();
        await third.WaitAsync(DefaultTimeout);

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal($"holding {i}", await ExpectMsgAsync<string>());
        }
    }

    [Fact]
    public async Task BoundedMailbox_FullOnSyncTell_SendsToDeadLetters()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Props.Create(() => new GatedActor(gate.Task, TestActor)).WithMailbox(MailboxOptions.Bounded(1)));
        var letters = CreateTestProbe();
        Sys.EventStream.Subscribe(letters, typeof(DeadLetter));
        actor.Tell(0);
        await ExpectMsgAsync("holding 0");

        actor.Tell(1);
        actor.Tell(2);

        var letter = await letters.ExpectMsgAsync<DeadLetter>();
        Assert.Equal(2, letter.Message);
        gate.SetResult();
        Assert.Equal("holding 1", await ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task TellAsync_Cancelled_WhileWaitingForRoom_Throws()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Props.Create(() => new GatedActor(gate.Task, TestActor)).WithMailbox(MailboxOptions.Bounded(1)));
        actor.Tell(0);
        await ExpectMsgAsync("holding 0");
        actor.Tell(1);
        using var cts = new CancellationTokenSource();

        var waiting = actor.TellAsync(2, cancellationToken: cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.SetResult();
    }

    [Fact]
    public async Task SystemMessages_OvertakeUserMessages()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Props.Create(() => new GatedActor(gate.Task, TestActor)));
        Watch(actor);
        actor.Tell(0);
        await ExpectMsgAsync("holding 0");
        actor.Tell(1);
        actor.Tell(2);

        Sys.Stop(actor);
        gate.SetResult();

        // Stop was queued after 1 and 2 but is a system message, so neither is handled.
        Assert.IsType<Terminated>((await TestActor.ReceiveOneAsync()).Message);
    }

    [Fact]
    public void MailboxOptions_Bounded_RejectsNonPositiveCapacity()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MailboxOptions.Bounded(0));
        Assert.Null(MailboxOptions.Unbounded.Capacity);
        Assert.Equal(5, MailboxOptions.Bounded(5).Capacity);
    }

    /// <summary>Awaits inside each handler and reports (value, handlers running at that moment).</summary>
    private sealed class AsyncOrderActor : ReceiveActor
    {
        private int _running;

        public AsyncOrderActor(IActorRef probe) => ReceiveAsync<int>(async i =>
        {
            var concurrent = Interlocked.Increment(ref _running);
            await Task.Yield();
            await Task.Run(() => Thread.SpinWait(100));
            if (i < 0)
            {
                Interlocked.Decrement(ref _running);
                throw new InvalidOperationException("negative");
            }

            probe.Tell((i, concurrent));
            Interlocked.Decrement(ref _running);
        });
    }

    /// <summary>Reports each int, then holds the mailbox on the gate.</summary>
    private sealed class GatedActor : ReceiveActor
    {
        public GatedActor(Task gate, IActorRef probe) => ReceiveAsync<int>(i =>
        {
            probe.Tell($"holding {i}");
            return gate;
        });
    }
}
