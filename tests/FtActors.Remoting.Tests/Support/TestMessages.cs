using System.Text.Json.Serialization;
using FtActors.Remoting.Serialization;

namespace FtActors.Remoting.Tests.Support;

public sealed record Ping(int Seq, string Text);

public sealed record Pong(int Seq, string Text);

public sealed record Blob(string Data);

/// <summary>Registered only on some nodes, to test unknown names on the receiving side.</summary>
public sealed record Stranger(int Value);

[JsonSerializable(typeof(Ping))]
[JsonSerializable(typeof(Pong))]
[JsonSerializable(typeof(Blob))]
[JsonSerializable(typeof(Stranger))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

internal static class TestRegistry
{
    public static MessageRegistry Create(bool withStranger = false)
    {
        var registry = new MessageRegistry()
            .Register("test.ping", 1, TestJsonContext.Default.Ping)
            .Register("test.pong", 1, TestJsonContext.Default.Pong)
            .Register("test.blob", 1, TestJsonContext.Default.Blob);
        return withStranger ? registry.Register("test.stranger", 1, TestJsonContext.Default.Stranger) : registry;
    }
}
