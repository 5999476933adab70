using System.Diagnostics;
using System.Globalization;
using FtActors.Benchmarks.Remoting;
using FtActors.Remoting;

// Two real processes, two RemotingNodes, plain TCP (no TLS) between whatever addresses they are given:
//   ftactors-remoting-probe server HOST PORT
//   ftactors-remoting-probe client HOST PORT SERVER_HOST SERVER_PORT [messages=100000] [round-trips=2000]
// The server has an echo (Ping -> Pong to the sender) and a sink that counts Pings and, on the marker Ping with
// Seq = -1, answers the count so far (messages on one association arrive in order, so the marker comes last).
// The client prints key=value lines: round-trip percentiles, then one-way messages per second for 5 batches after a warm-up batch, and their median.
var culture = CultureInfo.InvariantCulture;
if (args.Length >= 3 && args[0] == "server")
{
    var resolver = new BenchNodes.Resolver();
    await using var node = RemotingNode.Start(
        new RemotingOptions { ClusterId = "bench", Host = args[1], Port = int.Parse(args[2], culture) }, BenchRegistry.Create(), resolver);
    BenchNodes.CallbackRef? echo = null;
    echo = new BenchNodes.CallbackRef("ftactors://bench/user/echo", (message, sender) =>
        sender?.Tell(new BenchPong(((BenchPing)message).Seq, "pong"), echo));
    resolver.Add("echo", echo);
    var received = 0;
    BenchNodes.CallbackRef? sink = null;
    sink = new BenchNodes.CallbackRef("ftactors://bench/user/sink", (message, sender) =>
    {
        if (message is BenchPing { Seq: -1 })
        {
            sender?.Tell(new BenchPong(Interlocked.Exchange(ref received, 0), "count"), sink);
        }
        else
        {
            Interlocked.Increment(ref received);
        }
    });
    resolver.Add("sink", sink);
    Console.WriteLine($"listening {node.Address}");
    await Task.Delay(Timeout.Infinite);
    return 0;
}

if (args.Length < 5 || args[0] != "client")
{
    Console.Error.WriteLine("usage: ftactors-remoting-probe server HOST PORT | client HOST PORT SERVER_HOST SERVER_PORT [messages] [round-trips]");
    return 2;
}

var messages = args.Length > 5 ? int.Parse(args[5], culture) : 100_000;
var rounds = args.Length > 6 ? int.Parse(args[6], culture) : 2_000;
var clientResolver = new BenchNodes.Resolver();
await using var client = RemotingNode.Start(
    new RemotingOptions { ClusterId = "bench", Host = args[1], Port = int.Parse(args[2], culture) }, BenchRegistry.Create(), clientResolver);
var reply = new TaskCompletionSource<BenchPong>(TaskCreationOptions.RunContinuationsAsynchronously);
var me = new BenchNodes.CallbackRef("ftactors://bench/user/client", (message, _) => reply.TrySetResult((BenchPong)message));
clientResolver.Add("client", me);
var server = $"ftactors://bench@{args[3]}:{args[4]}";
var remoteEcho = client.RemoteRef(server + "/user/echo");
var remoteSink = client.RemoteRef(server + "/user/sink");

async Task<BenchPong> AskAsync(RemoteActorRef target, BenchPing ping)
{
    reply = new TaskCompletionSource<BenchPong>(TaskCreationOptions.RunContinuationsAsynchronously);
    await target.TellAsync(ping, me);
    return await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
}

// Warm-up: connect, JIT, and let the association settle outside the measurement.
for (var i = 0; i < 500; i++)
{
    await AskAsync(remoteEcho, new BenchPing(i, "ping"));
}

var samples = new double[rounds];
var watch = new Stopwatch();
for (var i = 0; i < rounds; i++)
{
    watch.Restart();
    await AskAsync(remoteEcho, new BenchPing(i, "ping"));
    samples[i] = watch.Elapsed.TotalMicroseconds;
}

Array.Sort(samples);
double Percentile(double p) => samples[Math.Min(samples.Length - 1, (int)(p * samples.Length))];
Console.WriteLine(string.Create(culture,
    $"round_trip_us p50={Percentile(0.50):F0} p90={Percentile(0.90):F0} p99={Percentile(0.99):F0} mean={samples.Average():F0} n={rounds}"));

var ping = new BenchPing(1, "a small control message");
// Batch 0 is a warm-up (tiered JIT recompiles the send path during the first hundred thousand messages); not printed.
var rates = new List<double>();
for (var batch = 0; batch <= 5; batch++)
{
    watch.Restart();
    for (var i = 0; i < messages; i++)
    {
        await remoteSink.TellAsync(ping);
    }

    var count = await AskAsync(remoteSink, new BenchPing(-1, "count"));
    var seconds = watch.Elapsed.TotalSeconds;
    if (batch == 0)
    {
        continue;
    }

    Console.WriteLine(string.Create(culture,
        $"one_way batch={batch} sent={messages} received={count.Seq} seconds={seconds:F3} msg_per_s={count.Seq / seconds:F0}"));
    rates.Add(count.Seq / seconds);
}

rates.Sort();
Console.WriteLine(string.Create(culture, $"one_way_median msg_per_s={rates[rates.Count / 2]:F0}"));

return 0;
