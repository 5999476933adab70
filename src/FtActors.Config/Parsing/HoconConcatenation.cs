namespace FtActors.Config.Parsing;

/// <summary>
/// A value concatenation that contains at least one substitution, so whether it becomes a string, an
/// array or an object is only known after resolution.
/// </summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(List<HoconValue> parts, SourcePosition position)
        : base(HoconValueKind.Unresolved, position)
    {
        Parts = parts;
    }

    public List<HoconValue> Parts { get; }
}
