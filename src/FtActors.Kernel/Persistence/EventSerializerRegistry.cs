using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FtActors.Kernel.Persistence;

/// <summary>
/// An <see cref="IEventSerializer"/> on System.Text.Json: each event type is registered under a stable manifest
/// and format version. Pass a <see cref="JsonTypeInfo{T}"/> from a source-generated context to avoid reflection.
/// Register everything at start-up; the registry is then read concurrently without locks.
/// </summary>
public sealed class EventSerializerRegistry : IEventSerializer
{
    private readonly JsonSerializerOptions _options;
    private readonly Dictionary<Type, Registration> _byType = [];
    private readonly Dictionary<(string Manifest, int Version), Registration> _byManifest = [];

    /// <summary>Creates an empty registry; <paramref name="options"/> apply to types registered without a type info.</summary>
    public EventSerializerRegistry(JsonSerializerOptions? options = null) =>
        _options = options ?? JsonSerializerOptions.Default;

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="manifest"/> using reflection-based JSON.</summary>
    public EventSerializerRegistry Register<T>(string manifest, int formatVersion = 1) =>
        Add(typeof(T), manifest, formatVersion, _options.GetTypeInfo(typeof(T)));

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="manifest"/> with source-generated metadata.</summary>
    public EventSerializerRegistry Register<T>(string manifest, JsonTypeInfo<T> typeInfo, int formatVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Add(typeof(T), manifest, formatVersion, typeInfo);
    }

    /// <inheritdoc />
    public SerializedPayload Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_byType.TryGetValue(value.GetType(), out var registration))
        {
            throw new EventTypeNotRegisteredException(value.GetType());
        }

        return new SerializedPayload(registration.Manifest, registration.Version, JsonSerializer.SerializeToUtf8Bytes(value, registration.TypeInfo));
    }

    /// <inheritdoc />
    public object Deserialize(string manifest, int formatVersion, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!_byManifest.TryGetValue((manifest, formatVersion), out var registration))
        {
            throw new UnknownEventManifestException(manifest, formatVersion);
        }

        object? value;
        try
        {
            value = JsonSerializer.Deserialize(payload, registration.TypeInfo);
        }
        catch (JsonException ex)
        {
            throw new EventPayloadException(manifest, formatVersion, ex.BytePositionInLine, ex);
        }
        catch (NotSupportedException ex)
        {
            throw new EventPayloadException(manifest, formatVersion, null, ex);
        }

        return value ?? throw new EventPayloadException(manifest, formatVersion, 0, new JsonException("expected a JSON value, found null"));
    }

    private EventSerializerRegistry Add(Type type, string manifest, int formatVersion, JsonTypeInfo typeInfo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        ArgumentOutOfRangeException.ThrowIfLessThan(formatVersion, 1);
        if (_byManifest.ContainsKey((manifest, formatVersion)))
        {
            throw new ArgumentException($"Manifest '{manifest}' version {formatVersion} expected to be unused, found it already registered.", nameof(manifest));
        }

        var registration = new Registration(manifest, formatVersion, typeInfo);
        _byManifest.Add((manifest, formatVersion), registration);

        // Serializing always writes the newest version registered for the type; older versions stay readable.
        if (!_byType.TryGetValue(type, out var existing) || existing.Version < formatVersion)
        {
            _byType[type] = registration;
        }

        return this;
    }

    private sealed record Registration(string Manifest, int Version, JsonTypeInfo TypeInfo);
}
