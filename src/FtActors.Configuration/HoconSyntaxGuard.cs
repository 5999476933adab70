namespace FtActors.Configuration;

/// <summary>
/// Refuses the HOCON that Akka 1.5's parser reads without complaint but wrongly: <c>include required(...)</c>
/// and <c>include file(...)</c> become a key named after the directive, and an optional substitution
/// <c>${?X}</c> becomes an empty value that replaces whatever was set before. A line-by-line textual check,
/// not a parser: text after a <c>#</c> or <c>//</c> counts as a comment even inside a quoted string (so syntax
/// after one can be missed), and a <c>${?</c> inside a quoted string before any comment is refused too.
/// </summary>
internal static class HoconSyntaxGuard
{
    private const string Include = "include";

    /// <exception cref="ConfigurationException">The text uses syntax Akka's parser would misread.</exception>
    public static void Check(string text, string? name)
    {
        var lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var code = WithoutComment(line);
            var trimmed = code.TrimStart();
            var indent = code.Length - trimmed.Length;
            if (trimmed.StartsWith(Include, StringComparison.Ordinal) && trimmed.Length > Include.Length
                && (char.IsWhiteSpace(trimmed[Include.Length]) || trimmed[Include.Length] == '('))
            {
                var rest = trimmed[Include.Length..].TrimStart();
                // "include = 1" or "include { }" is a key that happens to be called include.
                if (rest.Length > 0 && rest[0] is not ('"' or '=' or ':' or '{' or '.'))
                {
                    throw new ConfigurationException(
                        $"expected include \"file.conf\" (Akka's HOCON parser reads only a quoted file name and would turn the rest into a key), found include {rest.ToString()}",
                        null, name, lineNumber, indent + 1);
                }
            }

            var optional = code.IndexOf("${?", StringComparison.Ordinal);
            if (optional >= 0)
            {
                throw new ConfigurationException(
                    "expected no optional substitution (Akka's HOCON parser would read ${?...} as an empty value that replaces the one set before), found ${?: override a setting with an FTACTORS__... environment variable instead",
                    null, name, lineNumber, optional + 1);
            }
        }
    }

    private static ReadOnlySpan<char> WithoutComment(ReadOnlySpan<char> line)
    {
        var hash = line.IndexOf('#');
        var slashes = line.IndexOf("//", StringComparison.Ordinal);
        var end = hash < 0 ? slashes : slashes < 0 ? hash : Math.Min(hash, slashes);
        return end < 0 ? line : line[..end];
    }
}
