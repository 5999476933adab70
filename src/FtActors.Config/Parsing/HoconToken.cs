namespace FtActors.Config.Parsing;

internal enum HoconTokenKind
{
    Eof,
    Newline,
    Whitespace,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Unquoted,
    Quoted,
    Number,
    Boolean,
    Null,
    Substitution,
}

/// <summary>
/// One lexical token. <see cref="Text"/> is the decoded string for quoted strings and the source text
/// otherwise. Substitutions carry their parsed path in <see cref="Path"/>.
/// </summary>
internal sealed record HoconToken(HoconTokenKind Kind, string Text, SourcePosition Position)
{
    public string[] Path { get; init; } = [];

    public bool Optional { get; init; }

    /// <summary>True for <c>"""</c> strings (only used to describe the token in messages).</summary>
    public bool TripleQuoted { get; init; }

    public bool IsSimpleValue => Kind is HoconTokenKind.Unquoted or HoconTokenKind.Quoted or HoconTokenKind.Number
        or HoconTokenKind.Boolean or HoconTokenKind.Null;

    /// <summary>How the token is named in "expected X, found Y" messages.</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.Eof => "end of input",
        HoconTokenKind.Newline => "end of line",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.Comma => "','",
        HoconTokenKind.Colon => "':'",
        HoconTokenKind.Equals => "'='",
        HoconTokenKind.PlusEquals => "'+='",
        HoconTokenKind.LeftBrace => "'{'",
        HoconTokenKind.RightBrace => "'}'",
        HoconTokenKind.LeftBracket => "'['",
        HoconTokenKind.RightBracket => "']'",
        HoconTokenKind.Quoted => "string \"" + Shorten(Text) + "\"",
        HoconTokenKind.Number => "number " + Text,
        HoconTokenKind.Boolean => Text,
        HoconTokenKind.Null => "null",
        HoconTokenKind.Substitution => "substitution " + Text,
        _ => "'" + Shorten(Text) + "'",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
