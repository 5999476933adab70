using FsCheck;
using FsCheck.Fluent;
using FtActors.Kernel;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Kernel.Tests;

public class ConcurrencyPropertyTests
{
    [Fact]
    public void Tell_ConcurrentSenders_EveryMessageArrivesOnceInPerSenderOrder()
    {
        var shapes = from senders in Gen.Choose(1, 8)
                     from messages in Gen.Choose(1, 2000)
                     from throughput in Gen.Choose(1, 200)
                     select (senders, messages, throughput);

        Prop.ForAll(shapes.ToArbitrary(), shape => Run(shape.senders, shape.messages, shape.throughput).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    private static async Task<bool> Run(int senders, int messages, int throughput)
    {
        await using var system = ActorSystem.Create("prop", new ActorSystemSettings { Throughput = throughput });
        var done = new TaskCompletionSource<List<(int Sender, int Seq)>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = system.ActorOf(Props.Create(() => new CollectorActor(senders * messages, done)));

        var threads = Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var m = 0; m < messages; m++)
            {
                collector.Tell((s, m));
            }
        })).ToArray();
        await Task.WhenAll(threads);
        var received = await done.Task.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromSeconds(30)));

        var exactlyOnce = received.Count == senders * messages && received.Distinct().Count() == received.Count;
        var inOrder = received.GroupBy(r => r.Sender).All(g => g.Select(r => r.Seq).SequenceEqual(Enumerable.Range(0, messages)));
        return exactlyOnce && inOrder;
    }

    private sealed class CollectorActor : ReceiveActor
    {
        private readonly List<(int Sender, int Seq)> _received = [];

        public CollectorActor(int expected, TaskCompletionSource<List<(int Sender, int Seq)>> done) => Receive<(int Sender, int Seq)>(m =>
        {
            _received.Add(m);
            if (_received.Count == expected)
            {
                done.SetResult(_received);
            }
        });
    }
}
