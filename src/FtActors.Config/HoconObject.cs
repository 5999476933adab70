using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FtActors.Config;

/// <summary>
/// A HOCON object: named fields in the order they were first defined. During parsing objects are
/// mutated in place as duplicate keys merge; a resolved object is never changed again.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "HOCON calls this an object; the dictionary interface is a convenience.")]
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly Dictionary<string, HoconValue> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    internal HoconObject(SourcePosition position, bool resolved = false)
        : base(HoconValueKind.Object, position)
    {
        IsResolved = resolved;
    }

    /// <summary>An empty resolved object.</summary>
    public static HoconObject Empty { get; } = new(SourcePosition.None, resolved: true);

    /// <summary>Field names in definition order.</summary>
    public IEnumerable<string> Keys => _order;

    /// <summary>Field values in definition order.</summary>
    public IEnumerable<HoconValue> Values => _order.Select(k => _fields[k]);

    /// <summary>Number of fields.</summary>
    public int Count => _order.Count;

    /// <summary>True for objects produced by resolution (they contain no substitutions).</summary>
    internal bool IsResolved { get; }

    /// <summary>The value of field <paramref name="key"/> (a single key, not a path).</summary>
    public HoconValue this[string key] => _fields[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) => _fields.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator()
    {
        foreach (var key in _order)
        {
            yield return new KeyValuePair<string, HoconValue>(key, _fields[key]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal HoconValue? Get(string key) => _fields.GetValueOrDefault(key);

    /// <summary>Sets a field; a redefined key keeps its first position so rendering stays stable.</summary>
    internal void Set(string key, HoconValue value)
    {
        if (!_fields.ContainsKey(key))
        {
            _order.Add(key);
        }

        _fields[key] = value;
    }
}
