using System.Text;

namespace FtActors.Config.Parsing;

/// <summary>
/// Path expressions (<c>a.b."c.d"</c>): a concatenation whose unquoted dots separate keys. Numbers keep
/// their written text, so <c>1.2.3</c> is the three keys 1, 2, 3.
/// </summary>
internal static class HoconPath
{
    public static string[] FromTokens(List<HoconToken> tokens, SourcePosition at, string? pathText)
    {
        var first = 0;
        var last = tokens.Count - 1;
        while (first <= last && tokens[first].Kind == HoconTokenKind.Whitespace)
        {
            first++;
        }

        while (last >= first && tokens[last].Kind == HoconTokenKind.Whitespace)
        {
            last--;
        }

        if (first > last)
        {
            throw new HoconException("expected a path, found nothing", pathText, at.File, at.Line, at.Column);
        }

        var segments = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (token.Kind == HoconTokenKind.Quoted)
            {
                current.Append(token.Text);
                hasContent = true;
                continue;
            }

            var text = token.Text;
            for (var j = 0; j < text.Length; j++)
            {
                if (text[j] != '.')
                {
                    current.Append(text[j]);
                    hasContent = true;
                    continue;
                }

                if (!hasContent)
                {
                    throw EmptyElement(token, pathText);
                }

                segments.Add(current.ToString());
                current.Clear();
                hasContent = false;
            }
        }

        if (!hasContent)
        {
            throw EmptyElement(tokens[last], pathText);
        }

        segments.Add(current.ToString());
        return [.. segments];
    }

    /// <summary>Renders a path so that <see cref="FromTokens"/> reads it back (keys quoted when needed).</summary>
    public static string Render(IEnumerable<string> path) => string.Join('.', path.Select(RenderKey));

    public static string RenderKey(string key)
    {
        var plain = key.Length > 0
            && !char.IsAsciiDigit(key[0]) && key[0] != '-'
            && key is not ("true" or "false" or "null" or "include")
            && !key.StartsWith("true", StringComparison.Ordinal)
            && !key.StartsWith("false", StringComparison.Ordinal)
            && !key.StartsWith("null", StringComparison.Ordinal)
            && !key.Contains("//", StringComparison.Ordinal)
            && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        return plain ? key : HoconRenderer.Quote(key);
    }

    private static HoconException EmptyElement(HoconToken token, string? pathText) =>
        new("expected a key between dots, found an empty path element (quote an empty key as \"\")",
            pathText, token.Position.File, token.Position.Line, token.Position.Column);
}
