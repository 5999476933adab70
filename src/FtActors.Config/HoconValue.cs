using System.Text;

namespace FtActors.Config;

/// <summary>
/// A node of a HOCON document: an object, array or scalar. Values in a tree returned by
/// <see cref="HoconConfig"/> are fully resolved (no substitutions remain). Each node remembers where it
/// was written so that conversion errors can point at the file, line and column.
/// </summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconValueKind kind, SourcePosition position)
    {
        Kind = kind;
        Position = position;
    }

    /// <summary>The value's JSON type.</summary>
    public HoconValueKind Kind { get; }

    /// <summary>The file this value was written in, or null for text parsed from a string.</summary>
    public string? File => Position.File;

    /// <summary>1-based line where the value starts (0 when it was built in code, e.g. by a merge).</summary>
    public int Line => Position.Line;

    /// <summary>1-based column where the value starts.</summary>
    public int Column => Position.Column;

    internal SourcePosition Position { get; }

    /// <summary>
    /// Renders the value as HOCON text (JSON-compatible: keys and strings quoted) that parses back to
    /// an equal tree.
    /// </summary>
    public string Render()
    {
        var sb = new StringBuilder();
        HoconRenderer.Render(this, sb, 0);
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Render();
}
