using System.Text.Json.Serialization;
using FtActors.Remoting.Serialization;

namespace FtActors.Benchmarks.Remoting;

public sealed record BenchPing(int Seq, string Text);

public sealed record BenchPong(int Seq, string Text);

[JsonSerializable(typeof(BenchPing))]
[JsonSerializable(typeof(BenchPong))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;

internal static class BenchRegistry
{
    public static MessageRegistry Create() => new MessageRegistry()
        .Register("bench.ping", 1, BenchJsonContext.Default.BenchPing)
        .Register("bench.pong", 1, BenchJsonContext.Default.BenchPong);
}
