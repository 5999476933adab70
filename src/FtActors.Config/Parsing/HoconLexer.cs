using System.Buffers;
using System.Globalization;
using System.Text;

namespace FtActors.Config.Parsing;

/// <summary>
/// Splits HOCON text into tokens. Whitespace and newlines are tokens because HOCON gives them meaning:
/// newlines separate fields, and whitespace between simple values is kept in concatenations.
/// Comments are dropped. Every failure is a <see cref="HoconException"/> with line and column.
/// </summary>
internal sealed class HoconLexer
{
    // Characters HOCON reserves outside quotes; '+' only as part of "+=", '$' only as "${".
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";
    private static readonly SearchValues<char> ForbiddenChars = SearchValues.Create(Forbidden);

    private readonly string _text;
    private readonly string? _file;
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    public HoconLexer(string text, string? file)
    {
        _text = text;
        _file = file;
    }

    public List<HoconToken> Tokenize()
    {
        var tokens = new List<HoconToken>();
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == HoconTokenKind.Eof)
            {
                return tokens;
            }
        }
    }

    /// <summary>
    /// Tokens of a path expression such as <c>a.b."c.d"</c>, for API callers asking for a path.
    /// </summary>
    public static string[] ParsePathExpression(string expression)
    {
        var lexer = new HoconLexer(expression, null);
        var parts = new List<HoconToken>();
        while (true)
        {
            var token = lexer.Next();
            if (token.Kind == HoconTokenKind.Eof)
            {
                break;
            }

            if (!token.IsSimpleValue && token.Kind != HoconTokenKind.Whitespace)
            {
                throw new HoconException($"expected a path such as a.b.c, found {token.Describe()}", expression, null, 0, 0);
            }

            parts.Add(token);
        }

        return HoconPath.FromTokens(parts, new SourcePosition(null, 1, 1), expression);
    }

    private SourcePosition Here => new(_file, _line, _column);

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool AtEnd(int ahead = 0) => _pos + ahead >= _text.Length;

    private void Advance(int count = 1)
    {
        for (var i = 0; i < count && _pos < _text.Length; i++)
        {
            if (_text[_pos] == '\n')
            {
                _line++;
                _column = 1;
            }
            else
            {
                _column++;
            }

            _pos++;
        }
    }

    private static HoconException Error(string reason, SourcePosition at) => new(reason, null, at.File, at.Line, at.Column);

    private HoconToken Next()
    {
        while (true)
        {
            if (AtEnd())
            {
                return new HoconToken(HoconTokenKind.Eof, string.Empty, Here);
            }

            var c = Peek();
            if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (!AtEnd() && Peek() != '\n')
                {
                    Advance();
                }

                continue;
            }

            var start = Here;
            switch (c)
            {
                case '\n':
                    Advance();
                    return new HoconToken(HoconTokenKind.Newline, "\n", start);
                case ',':
                    Advance();
                    return new HoconToken(HoconTokenKind.Comma, ",", start);
                case ':':
                    Advance();
                    return new HoconToken(HoconTokenKind.Colon, ":", start);
                case '=':
                    Advance();
                    return new HoconToken(HoconTokenKind.Equals, "=", start);
                case '{':
                    Advance();
                    return new HoconToken(HoconTokenKind.LeftBrace, "{", start);
                case '}':
                    Advance();
                    return new HoconToken(HoconTokenKind.RightBrace, "}", start);
                case '[':
                    Advance();
                    return new HoconToken(HoconTokenKind.LeftBracket, "[", start);
                case ']':
                    Advance();
                    return new HoconToken(HoconTokenKind.RightBracket, "]", start);
                case '+':
                    if (Peek(1) == '=')
                    {
                        Advance(2);
                        return new HoconToken(HoconTokenKind.PlusEquals, "+=", start);
                    }

                    throw Error("expected '+=', found '+' (quote strings that contain '+')", start);
                case '"':
                    return ReadQuoted(start);
                case '$':
                    if (Peek(1) == '{')
                    {
                        return ReadSubstitution(start);
                    }

                    throw Error("expected '${' to start a substitution, found '$' (quote strings that contain '$')", start);
                default:
                    break;
            }

            if (IsWhitespace(c))
            {
                var from = _pos;
                while (!AtEnd() && IsWhitespace(Peek()))
                {
                    Advance();
                }

                return new HoconToken(HoconTokenKind.Whitespace, _text[from.._pos], start);
            }

            if (ForbiddenChars.Contains(c))
            {
                throw Error($"'{c}' is reserved in HOCON and cannot appear in an unquoted string; put the value in quotes", start);
            }

            return ReadUnquotedOrLiteral(start);
        }
    }

    /// <summary>HOCON whitespace: Unicode separators, the BOM, and ASCII controls 0x09-0x0D, 0x1C-0x1F (newline handled apart).</summary>
    internal static bool IsWhitespace(char c)
    {
        if (c == '\n')
        {
            return false;
        }

        if (c is '\t' or '\v' or '\f' or '\r' or '\uFEFF' || (c >= '\u001C' && c <= '\u001F'))
        {
            return true;
        }

        var category = char.GetUnicodeCategory(c);
        return category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    private HoconToken ReadUnquotedOrLiteral(SourcePosition start)
    {
        var c = Peek();
        if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(Peek(1))))
        {
            return ReadNumber(start);
        }

        foreach (var (word, kind) in Keywords)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0)
            {
                Advance(word.Length);
                return new HoconToken(kind, word, start);
            }
        }

        var from = _pos;
        while (!AtEnd())
        {
            var ch = Peek();
            if (ch == '\n' || IsWhitespace(ch) || ForbiddenChars.Contains(ch) || (ch == '/' && Peek(1) == '/'))
            {
                break;
            }

            Advance();
        }

        return new HoconToken(HoconTokenKind.Unquoted, _text[from.._pos], start);
    }

    private static readonly (string Word, HoconTokenKind Kind)[] Keywords =
    [
        ("true", HoconTokenKind.Boolean),
        ("false", HoconTokenKind.Boolean),
        ("null", HoconTokenKind.Null),
    ];

    // A JSON number: -?digits(.digits)?([eE][+-]?digits)? ; anything after it starts a new token.
    private HoconToken ReadNumber(SourcePosition start)
    {
        var from = _pos;
        if (Peek() == '-')
        {
            Advance();
        }

        SkipDigits();
        if (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            Advance();
            SkipDigits();
        }

        if (Peek() is 'e' or 'E')
        {
            var ahead = Peek(1) is '+' or '-' ? 2 : 1;
            if (char.IsAsciiDigit(Peek(ahead)))
            {
                Advance(ahead);
                SkipDigits();
            }
        }

        return new HoconToken(HoconTokenKind.Number, _text[from.._pos], start);
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Peek()))
        {
            Advance();
        }
    }

    private HoconToken ReadQuoted(SourcePosition start)
    {
        if (Peek(1) == '"' && Peek(2) == '"')
        {
            return ReadTripleQuoted(start);
        }

        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd())
            {
                throw Error("expected '\"' to close the string, found end of input", Here);
            }

            var c = Peek();
            if (c == '"')
            {
                Advance();
                return new HoconToken(HoconTokenKind.Quoted, sb.ToString(), start);
            }

            if (c == '\n')
            {
                throw Error("expected '\"' to close the string, found end of line (use \\n or a \"\"\" string)", Here);
            }

            if (c < ' ')
            {
                throw Error($"expected an escape such as \\t, found control character U+{(int)c:X4} in a quoted string", Here);
            }

            if (c != '\\')
            {
                sb.Append(c);
                Advance();
                continue;
            }

            var escapeAt = Here;
            Advance();
            var e = Peek();
            if (AtEnd())
            {
                throw Error("expected an escape character after '\\', found end of input", Here);
            }

            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 5 > _text.Length
                        || !ushort.TryParse(_text.AsSpan(_pos + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error("expected four hex digits after \\u", escapeAt);
                    }

                    sb.Append((char)code);
                    Advance(4);
                    break;
                default:
                    throw Error($"expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found '\\{e}'", escapeAt);
            }

            Advance();
        }
    }

    private HoconToken ReadTripleQuoted(SourcePosition start)
    {
        Advance(3);
        var from = _pos;
        var close = _text.IndexOf("\"\"\"", _pos, StringComparison.Ordinal);
        if (close < 0)
        {
            throw Error("expected '\"\"\"' to close the multi-line string, found end of input", start);
        }

        // Like Scala: any run of three or more quotes ends the string, extra quotes belong to it.
        var end = close + 3;
        while (end < _text.Length && _text[end] == '"')
        {
            end++;
        }

        var value = _text[from..(end - 3)];
        Advance(end - _pos);
        return new HoconToken(HoconTokenKind.Quoted, value, start) { TripleQuoted = true };
    }

    private HoconToken ReadSubstitution(SourcePosition start)
    {
        var from = _pos;
        Advance(2);
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            Advance();
        }

        var parts = new List<HoconToken>();
        while (true)
        {
            if (AtEnd())
            {
                throw Error("expected '}' to close the substitution, found end of input", Here);
            }

            if (Peek() == '}')
            {
                Advance();
                break;
            }

            var tokenStart = Here;
            if (Peek() == '$')
            {
                // Checked here rather than by recursing, so "${${${..." cannot exhaust the stack.
                throw Error("expected a path or '}' in the substitution, found '$' (substitutions cannot be nested)", tokenStart);
            }

            var token = Next();
            if (!token.IsSimpleValue && token.Kind != HoconTokenKind.Whitespace)
            {
                throw Error($"expected a path or '}}' in the substitution, found {token.Describe()}", tokenStart);
            }

            parts.Add(token);
        }

        var expression = _text[from.._pos];
        var path = HoconPath.FromTokens(parts, start, expression);
        return new HoconToken(HoconTokenKind.Substitution, expression, start) { Path = path, Optional = optional };
    }
}
