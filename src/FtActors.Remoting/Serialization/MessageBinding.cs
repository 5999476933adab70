using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FtActors.Remoting.Serialization;

/// <summary>One registered message type: its stable wire name and the source-generated JSON contract for it.</summary>
internal abstract class MessageBinding(string manifest, Type type)
{
    /// <summary>Wire name with version, <c>name/version</c>.</summary>
    public string Manifest { get; } = manifest;

    public Type Type { get; } = type;

    public abstract void Write(Utf8JsonWriter writer, object message);

    /// <exception cref="JsonException">The body is not valid JSON for this contract.</exception>
    public abstract object Read(ReadOnlySequence<byte> body);
}

/// <summary>The typed binding; casts happen here once, never on wire-supplied type names.</summary>
internal sealed class MessageBinding<T>(string manifest, JsonTypeInfo<T> typeInfo) : MessageBinding(manifest, typeof(T))
    where T : notnull
{
    public override void Write(Utf8JsonWriter writer, object message) => JsonSerializer.Serialize(writer, (T)message, typeInfo);

    public override object Read(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        return JsonSerializer.Deserialize(ref reader, typeInfo)
            ?? throw new JsonException($"expected a JSON object for {Manifest}, found null");
    }
}
