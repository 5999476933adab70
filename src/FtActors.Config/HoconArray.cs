using System.Collections;

namespace FtActors.Config;

/// <summary>A HOCON array; elements keep their order.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly List<HoconValue> _items;

    internal HoconArray(SourcePosition position, List<HoconValue> items, bool resolved = false)
        : base(HoconValueKind.Array, position)
    {
        _items = items;
        IsResolved = resolved;
    }

    /// <summary>Number of elements.</summary>
    public int Count => _items.Count;

    internal bool IsResolved { get; }

    internal List<HoconValue> Items => _items;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public HoconValue this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<HoconValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
