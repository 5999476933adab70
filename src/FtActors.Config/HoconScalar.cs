namespace FtActors.Config;

/// <summary>
/// A string, number, boolean or null. <see cref="Text"/> is the value as written: numbers keep their
/// original spelling (<c>1e5</c> stays <c>1e5</c>) because HOCON concatenation and path keys use it.
/// </summary>
public sealed class HoconScalar : HoconValue
{
    internal HoconScalar(HoconValueKind kind, string text, SourcePosition position, bool isWhitespace = false)
        : base(kind, position)
    {
        Text = text;
        IsWhitespace = isWhitespace;
    }

    /// <summary>The string value, the number's text, <c>true</c>/<c>false</c>, or <c>null</c>.</summary>
    public string Text { get; }

    /// <summary>
    /// Unquoted whitespace between parts of a concatenation: kept between strings, dropped between
    /// objects or arrays.
    /// </summary>
    internal bool IsWhitespace { get; }

    internal static HoconScalar String(string text, SourcePosition position) => new(HoconValueKind.String, text, position);
}
