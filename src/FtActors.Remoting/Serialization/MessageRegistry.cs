using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;

namespace FtActors.Remoting.Serialization;

/// <summary>
/// The closed set of message types a node sends and accepts, each under a stable name and version
/// (<c>ft.heartbeat/1</c>) with a source-generated <see cref="JsonTypeInfo{T}"/>. The wire carries only these
/// names, and an incoming name is only ever looked up here: no peer can make a node load or instantiate a type
/// it did not register (never <c>Type.GetType</c> on wire input). Register everything before the node starts;
/// the registry is frozen then.
/// </summary>
public sealed class MessageRegistry
{
    private readonly Dictionary<string, MessageBinding> _byManifest = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, MessageBinding> _byType = [];
    private FrozenDictionary<string, MessageBinding>? _frozenManifests;
    private FrozenDictionary<Type, MessageBinding>? _frozenTypes;

    /// <summary>Number of registered (name, version) pairs.</summary>
    public int Count => _byManifest.Count;

    /// <summary>Formats the wire name of a message: <c>name/version</c>.</summary>
    public static string Manifest(string name, int version) => string.Create(CultureInfo.InvariantCulture, $"{name}/{version}");

    /// <summary>
    /// Registers <typeparamref name="T"/> under <paramref name="name"/> and <paramref name="version"/>. A type has
    /// one name; an older version of a message can stay registered under its old version number with its own type.
    /// </summary>
    /// <param name="name">Lower-case dotted name, e.g. <c>ft.migration.start</c>; letters, digits, '.', '-', '_'.</param>
    /// <param name="version">Format version, from 1; bump it when the JSON shape changes incompatibly.</param>
    /// <param name="typeInfo">The source-generated contract (<c>MyJsonContext.Default.MyMessage</c>).</param>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="ArgumentException">The name is malformed, or the name/version or the type is already registered.</exception>
    /// <exception cref="InvalidOperationException">The registry is frozen (a node already uses it).</exception>
    public MessageRegistry Register<T>(string name, int version, JsonTypeInfo<T> typeInfo)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        if (_frozenManifests is not null)
        {
            throw new InvalidOperationException("The message registry is frozen: register every message before starting the node.");
        }

        if (name.Length is 0 or > 200 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_'))
        {
            throw new ArgumentException($"Expected a message name of lower-case letters, digits, '.', '-' or '_' (1-200 characters), found '{name}'.", nameof(name));
        }

        var manifest = Manifest(name, version);
        if (_byManifest.ContainsKey(manifest))
        {
            throw new ArgumentException($"The message name {manifest} is already registered.", nameof(name));
        }

        if (_byType.TryGetValue(typeof(T), out var existing))
        {
            throw new ArgumentException($"The type {typeof(T).FullName} is already registered as {existing.Manifest}.", nameof(typeInfo));
        }

        var binding = new MessageBinding<T>(manifest, typeInfo);
        _byManifest.Add(manifest, binding);
        _byType.Add(typeof(T), binding);
        return this;
    }

    /// <summary>The wire name of <paramref name="type"/>, if registered.</summary>
    public bool TryGetManifest(Type type, [NotNullWhen(true)] out string? manifest)
    {
        ArgumentNullException.ThrowIfNull(type);
        manifest = FindByType(type)?.Manifest;
        return manifest is not null;
    }

    /// <summary>True when <paramref name="manifest"/> (<c>name/version</c>) is registered.</summary>
    public bool IsRegistered(string manifest) => FindByManifest(manifest) is not null;

    /// <summary>Makes the registry read-only and switches lookups to frozen dictionaries; idempotent.</summary>
    public void Freeze()
    {
        _frozenTypes ??= _byType.ToFrozenDictionary();
        _frozenManifests ??= _byManifest.ToFrozenDictionary(StringComparer.Ordinal);
    }

    internal MessageBinding? FindByType(Type type) =>
        (_frozenTypes is { } frozen ? frozen.GetValueOrDefault(type) : _byType.GetValueOrDefault(type));

    internal MessageBinding? FindByManifest(string manifest) =>
        (_frozenManifests is { } frozen ? frozen.GetValueOrDefault(manifest) : _byManifest.GetValueOrDefault(manifest));
}
