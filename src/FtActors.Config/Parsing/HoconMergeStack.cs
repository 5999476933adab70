namespace FtActors.Config.Parsing;

/// <summary>
/// Successive definitions of one field that cannot be merged until substitutions are resolved, oldest
/// first. Resolution walks from the newest down: a non-object stops the walk, objects merge with the
/// objects beneath them, and an undefined optional substitution is skipped.
/// </summary>
internal sealed class HoconMergeStack : HoconValue
{
    private HoconMergeStack(List<HoconValue> items, SourcePosition position)
        : base(HoconValueKind.Unresolved, position)
    {
        Items = items;
    }

    /// <summary>Definitions, oldest first.</summary>
    public List<HoconValue> Items { get; }

    public static HoconMergeStack Of(HoconValue older, HoconValue newer)
    {
        var items = new List<HoconValue>();
        Append(items, older);
        Append(items, newer);
        return new HoconMergeStack(items, newer.Position);
    }

    private static void Append(List<HoconValue> items, HoconValue value)
    {
        if (value is HoconMergeStack stack)
        {
            items.AddRange(stack.Items);
        }
        else
        {
            items.Add(value);
        }
    }
}
