using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;

namespace FtActors.Serialization;

/// <summary>
/// Base of the serializers for persisted events: each event is stored as source-generated JSON under a stable
/// manifest ("migration-started", "ft.placement.guest-placed", ...), so a journal written today replays after
/// the records are renamed or moved, and can be read with any SQL client. Messages between nodes use Hyperion
/// (the <c>System.Object</c> binding in hocon/reference.conf); only journal events come here, each bound by
/// type in <c>akka.actor.serialization-bindings</c>.
/// </summary>
public abstract class JsonEventSerializer : SerializerWithStringManifest
{
    private readonly FrozenDictionary<string, JsonTypeInfo> _byManifest;
    private readonly FrozenDictionary<Type, string> _byType;

    /// <summary>Creates the serializer over <paramref name="events"/>: each event type's manifest and JSON contract.</summary>
    protected JsonEventSerializer(ExtendedActorSystem system, IEnumerable<(string Manifest, JsonTypeInfo Info)> events)
        : base(system)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.ToList();
        _byManifest = list.ToFrozenDictionary(e => e.Manifest, e => e.Info, StringComparer.Ordinal);
        _byType = list.ToFrozenDictionary(e => e.Info.Type, e => e.Manifest);
    }

    /// <inheritdoc />
    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return _byType.TryGetValue(o.GetType(), out string? manifest)
            ? manifest
            : throw new SerializationException($"{GetType().Name}: expected one of the event types {string.Join(", ", _byType.Keys.Select(t => t.Name))}, found {o.GetType().FullName} (bind it to another serializer)");
    }

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, _byManifest[Manifest(obj)]);
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!_byManifest.TryGetValue(manifest ?? string.Empty, out JsonTypeInfo? info))
        {
            throw new SerializationException($"{GetType().Name}: expected one of the manifests {string.Join(", ", _byManifest.Keys)}, found \"{manifest}\" (an event written by a newer or unrelated version?)");
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, info)
                ?? throw new SerializationException($"{GetType().Name}: expected a JSON object for \"{manifest}\", found null");
        }
        catch (JsonException e)
        {
            throw new SerializationException($"{GetType().Name}: event \"{manifest}\" is not valid JSON for {info.Type.Name} at {e.Path} (byte {e.BytePositionInLine}): {e.Message}", e);
        }
    }
}
