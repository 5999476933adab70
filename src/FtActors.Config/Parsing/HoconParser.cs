using System.Text;

namespace FtActors.Config.Parsing;

/// <summary>
/// Builds the unresolved document tree from tokens. Fields are merged into the tree as they are read
/// (later keys win, objects merge), so "the value a field had before this definition" is simply what
/// the tree holds at that moment; self-referential substitutions are bound to it here.
/// </summary>
internal sealed class HoconParser
{
    private const int MaxDepth = 128;

    private readonly List<HoconToken> _tokens;
    private readonly string? _file;
    private readonly string? _directory;
    private readonly string[] _substitutionPrefix;
    private readonly HoconIncluder _includer;
    private int _index;
    private int _depth;

    private HoconParser(List<HoconToken> tokens, string? file, string? directory, string[] substitutionPrefix, HoconIncluder includer)
    {
        _tokens = tokens;
        _file = file;
        _directory = directory;
        _substitutionPrefix = substitutionPrefix;
        _includer = includer;
    }

    /// <summary>Parses a whole document (root braces optional) into a new root object.</summary>
    public static HoconObject ParseDocument(string text, string? file, HoconParseOptions options, string? fullPath)
    {
        var includer = new HoconIncluder(options);
        if (fullPath is not null)
        {
            includer.Enter(fullPath);
        }

        var root = new HoconObject(new SourcePosition(file, 1, 1));
        // Includes are relative to the file's directory; text from a string uses the configured base directory.
        var directory = fullPath is not null ? Path.GetDirectoryName(file ?? fullPath) : options.BaseDirectory;
        var parser = new HoconParser(new HoconLexer(text, file).Tokenize(), file, directory, [], includer);
        parser.ParseRoot(root, [], new Context(root, [], null));
        return root;
    }

    /// <summary>Parses an included file's fields straight into the including object.</summary>
    internal static void ParseIncluded(string text, string file, HoconIncluder includer, HoconObject target, string[] targetRel, Context context)
    {
        var absolute = context.AbsPath is null ? [] : Concat(context.AbsPath, targetRel);
        var parser = new HoconParser(new HoconLexer(text, file).Tokenize(), file, Path.GetDirectoryName(file), absolute, includer);
        parser.ParseRoot(target, targetRel, context);
    }

    /// <summary>
    /// The object tree a field is parsed into. A literal object nested in a value has its own context
    /// whose parent is the enclosing one, so a self-reference inside it can still see earlier values.
    /// </summary>
    internal sealed record Context(HoconObject Root, string[]? AbsPath, Context? Parent);

    /// <summary>The field whose value is being parsed, so errors inside it can name it.</summary>
    private string? _currentPath;

    private HoconToken Peek() => _tokens[_index];

    private HoconToken Take() => _tokens[_index++];

    private HoconException Error(string reason, HoconToken at, string? path = null) =>
        new(reason, path ?? _currentPath, at.Position.File, at.Position.Line, at.Position.Column);

    private void SkipWhitespace()
    {
        while (Peek().Kind == HoconTokenKind.Whitespace)
        {
            _index++;
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Peek().Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            _index++;
        }
    }

    private void ParseRoot(HoconObject target, string[] targetRel, Context context)
    {
        SkipWhitespaceAndNewlines();
        var first = Peek();
        if (first.Kind == HoconTokenKind.LeftBracket)
        {
            throw Error("expected an object at the root of the document, found '[' (a configuration cannot be an array)", first);
        }

        if (first.Kind == HoconTokenKind.LeftBrace)
        {
            Take();
            Enter(first);
            ParseObjectBody(target, targetRel, context, braced: true);
            _depth--;
            SkipWhitespaceAndNewlines();
            var rest = Peek();
            if (rest.Kind != HoconTokenKind.Eof)
            {
                throw Error($"expected end of input after the root object, found {rest.Describe()}", rest);
            }

            return;
        }

        ParseObjectBody(target, targetRel, context, braced: false);
    }

    private void Enter(HoconToken at)
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"expected at most {MaxDepth} levels of nested objects and arrays, found deeper nesting", at);
        }
    }

    private void ParseObjectBody(HoconObject target, string[] targetRel, Context context, bool braced)
    {
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek();
            if (braced && token.Kind == HoconTokenKind.RightBrace)
            {
                Take();
                return;
            }

            if (!braced && token.Kind == HoconTokenKind.Eof)
            {
                return;
            }

            if (!token.IsSimpleValue)
            {
                var expected = braced ? "expected '}' or a key" : "expected a key or end of input";
                var hint = token.Kind switch
                {
                    HoconTokenKind.RightBrace => " (this '}' has no matching '{')",
                    HoconTokenKind.Comma => " (two commas in a row, or a comma before the first field)",
                    HoconTokenKind.Substitution => " (substitutions are not allowed in keys)",
                    _ => string.Empty,
                };
                throw Error($"{expected}, found {token.Describe()}{hint}", token);
            }

            var key = ParseFieldOrInclude(target, targetRel, context);

            SkipWhitespace();
            var after = Peek();
            switch (after.Kind)
            {
                case HoconTokenKind.Comma:
                    Take();
                    break;
                case HoconTokenKind.Newline:
                    break;
                case HoconTokenKind.RightBrace when braced:
                    break;
                case HoconTokenKind.Eof when !braced:
                    break;
                default:
                    var closing = braced ? "'}'" : "end of input";
                    var what = key is null ? "the include" : $"the value of '{key}'";
                    throw Error($"expected ',', a new line or {closing} after {what}, found {after.Describe()}", after, key);
            }
        }
    }

    /// <summary>Parses one field (or include statement) into <paramref name="target"/>; returns the key as text.</summary>
    private string? ParseFieldOrInclude(HoconObject target, string[] targetRel, Context context)
    {
        var start = Peek();
        if (start.Kind == HoconTokenKind.Unquoted && start.Text == "include"
            && _tokens[_index + 1].Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline or HoconTokenKind.Quoted)
        {
            ParseInclude(target, targetRel, context);
            return null;
        }

        var keyTokens = new List<HoconToken>();
        while (Peek().IsSimpleValue || Peek().Kind == HoconTokenKind.Whitespace)
        {
            keyTokens.Add(Take());
        }

        var keyText = string.Concat(keyTokens.Select(t => t.Kind == HoconTokenKind.Quoted ? "\"" + t.Text + "\"" : t.Text)).Trim();
        var key = HoconPath.FromTokens(keyTokens, start.Position, keyText);
        if (_depth + key.Length > MaxDepth)
        {
            throw Error($"expected at most {MaxDepth} levels of nested objects, found a key path {key.Length} levels deep here", start);
        }

        var fieldRel = Concat(targetRel, key);
        var fieldAbs = context.AbsPath is null ? null : Concat(context.AbsPath, fieldRel);
        var pathText = HoconPath.Render(fieldAbs ?? fieldRel);

        var separator = Peek();
        var append = false;
        switch (separator.Kind)
        {
            case HoconTokenKind.Colon:
            case HoconTokenKind.Equals:
                Take();
                SkipWhitespaceAndNewlines();
                break;
            case HoconTokenKind.PlusEquals:
                Take();
                append = true;
                SkipWhitespaceAndNewlines();
                break;
            case HoconTokenKind.LeftBrace:
                break;
            default:
                var hint = separator.Kind == HoconTokenKind.Substitution ? " (substitutions are not allowed in keys)" : string.Empty;
                throw Error($"expected ':', '=', '+=' or '{{' after the key '{keyText}', found {separator.Describe()}{hint}", separator, pathText);
        }

        var valueStart = Peek();
        var outerPath = _currentPath;
        _currentPath = pathText;
        var value = ParseValue(context, fieldAbs)
            ?? throw Error($"expected a value for '{keyText}', found {valueStart.Describe()}", valueStart, pathText);
        _currentPath = outerPath;

        if (append)
        {
            // a += b is a = ${?a} [b]: the optional self-reference looks back at the earlier array.
            var previous = FindPrevious(context, fieldRel);
            var self = new HoconSubstitution(fieldAbs ?? fieldRel, optional: true, "${?" + pathText + "}", separator.Position);
            self.BindToPrevious(previous.Node, previous.Remainder);
            value = new HoconConcatenation([self, new HoconArray(value.Position, [value])], separator.Position);
        }
        else if (fieldAbs is not null)
        {
            BindSelfReferences(value, fieldRel, fieldAbs, context);
        }

        Assign(target, key, 0, value);
        return pathText;
    }

    /// <summary>
    /// A substitution that is the field's value (or part of its concatenation) and points at the field
    /// itself or below it looks back at the field's earlier value. Substitutions nested inside an object
    /// or array value are not self-references (the spec makes those cycles errors).
    /// </summary>
    private static void BindSelfReferences(HoconValue value, string[] fieldRel, string[] fieldAbs, Context context)
    {
        IEnumerable<HoconValue> parts = value is HoconConcatenation concat ? concat.Parts : [value];
        foreach (var part in parts)
        {
            if (part is HoconSubstitution s && !s.IsSelfReference && StartsWith(s.Path, fieldAbs))
            {
                var previous = FindPrevious(context, fieldRel);
                s.BindToPrevious(previous.Node, Concat(previous.Remainder, s.Path[fieldAbs.Length..]));
            }
        }
    }

    private static (HoconValue? Node, string[] Remainder) FindPrevious(Context context, string[] rel)
    {
        var current = context;
        while (true)
        {
            var node = (HoconValue)current.Root;
            var found = true;
            for (var i = 0; i < rel.Length; i++)
            {
                if (node is not HoconObject obj)
                {
                    // An unresolved or scalar ancestor: resolution decides what is below it.
                    return (node, rel[i..]);
                }

                var child = obj.Get(rel[i]);
                if (child is null)
                {
                    found = false;
                    break;
                }

                node = child;
            }

            if (found)
            {
                return (node, []);
            }

            if (current.Parent is null || current.AbsPath is null || current.Parent.AbsPath is null)
            {
                return (null, []);
            }

            rel = Concat(current.AbsPath[current.Parent.AbsPath.Length..], rel);
            current = current.Parent;
        }
    }

    /// <summary>Merges <paramref name="value"/> into <paramref name="target"/> at the key path, creating objects along it.</summary>
    internal static void Assign(HoconObject target, string[] key, int index, HoconValue value)
    {
        var name = key[index];
        var existing = target.Get(name);
        if (index == key.Length - 1)
        {
            target.Set(name, MergeValues(existing, value));
            return;
        }

        if (existing is HoconObject existingObject)
        {
            Assign(existingObject, key, index + 1, value);
            return;
        }

        var child = new HoconObject(value.Position);
        Assign(child, key, index + 1, value);
        target.Set(name, MergeValues(existing, child));
    }

    /// <summary>The result of defining <paramref name="newer"/> where <paramref name="older"/> was.</summary>
    internal static HoconValue MergeValues(HoconValue? older, HoconValue newer)
    {
        if (older is null)
        {
            return newer;
        }

        if (newer is HoconObject newObject)
        {
            if (older is HoconObject oldObject)
            {
                foreach (var (k, v) in newObject)
                {
                    oldObject.Set(k, MergeValues(oldObject.Get(k), v));
                }

                return oldObject;
            }

            return older.Kind == HoconValueKind.Unresolved ? HoconMergeStack.Of(older, newObject) : newObject;
        }

        // An unresolved newer value may turn out to be an object (merging with the older one) or an
        // undefined optional substitution (leaving the older one in place), so keep both.
        return newer.Kind == HoconValueKind.Unresolved ? HoconMergeStack.Of(older, newer) : newer;
    }

    private HoconValue? ParseValue(Context? context, string[]? fieldAbs)
    {
        var parts = new List<HoconValue>();
        var start = Peek();
        while (true)
        {
            var token = Peek();
            if (token.Kind == HoconTokenKind.Whitespace)
            {
                Take();
                if (parts.Count > 0)
                {
                    parts.Add(new HoconScalar(HoconValueKind.String, token.Text, token.Position, isWhitespace: true));
                }

                continue;
            }

            if (token.IsSimpleValue)
            {
                Take();
                parts.Add(ScalarFrom(token));
                continue;
            }

            if (token.Kind == HoconTokenKind.Substitution)
            {
                Take();
                var path = Concat(_substitutionPrefix, token.Path);
                parts.Add(new HoconSubstitution(path, token.Optional, token.Text, token.Position)
                {
                    FallbackPath = _substitutionPrefix.Length > 0 ? token.Path : null,
                });
                continue;
            }

            if (token.Kind == HoconTokenKind.LeftBrace)
            {
                parts.Add(ParseObjectLiteral(context, fieldAbs));
                continue;
            }

            if (token.Kind == HoconTokenKind.LeftBracket)
            {
                parts.Add(ParseArray());
                continue;
            }

            break;
        }

        while (parts.Count > 0 && parts[^1] is HoconScalar { IsWhitespace: true })
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => Combine(parts, start),
        };
    }

    private static HoconScalar ScalarFrom(HoconToken token) => token.Kind switch
    {
        HoconTokenKind.Number => new HoconScalar(HoconValueKind.Number, token.Text, token.Position),
        HoconTokenKind.Boolean => new HoconScalar(HoconValueKind.Boolean, token.Text, token.Position),
        HoconTokenKind.Null => new HoconScalar(HoconValueKind.Null, token.Text, token.Position),
        _ => HoconScalar.String(token.Text, token.Position),
    };

    /// <summary>Concatenates parts known at parse time; with substitutions it waits for resolution.</summary>
    private HoconValue Combine(List<HoconValue> parts, HoconToken start)
    {
        if (parts.Any(p => p.Kind == HoconValueKind.Unresolved))
        {
            return new HoconConcatenation(parts, start.Position);
        }

        var solid = parts.Where(p => p is not HoconScalar { IsWhitespace: true }).ToList();
        var first = solid[0];
        foreach (var part in solid)
        {
            if (ConcatCategory(part) != ConcatCategory(first))
            {
                throw new HoconException(
                    $"expected only {ConcatCategory(first)}s in this value concatenation because it starts with {Article(ConcatCategory(first))} {ConcatCategory(first)}, found {Article(ConcatCategory(part))} {ConcatCategory(part)}",
                    _currentPath, part.Position.File, part.Position.Line, part.Position.Column);
            }
        }

        switch (first)
        {
            case HoconObject:
                var merged = new HoconObject(first.Position);
                foreach (var part in solid)
                {
                    MergeValues(merged, part);
                }

                return merged;
            case HoconArray:
                return new HoconArray(first.Position, [.. solid.SelectMany(p => ((HoconArray)p).Items)]);
            default:
                var sb = new StringBuilder();
                foreach (var part in parts)
                {
                    sb.Append(((HoconScalar)part).Text);
                }

                return HoconScalar.String(sb.ToString(), first.Position);
        }
    }

    internal static string ConcatCategory(HoconValue value) => value switch
    {
        HoconObject => "object",
        HoconArray => "array",
        _ => "string",
    };

    internal static string Article(string word) => word[0] is 'a' or 'o' ? "an" : "a";

    private HoconObject ParseObjectLiteral(Context? outer, string[]? fieldAbs)
    {
        var open = Take();
        Enter(open);
        var obj = new HoconObject(open.Position);
        ParseObjectBody(obj, [], new Context(obj, fieldAbs, fieldAbs is null ? null : outer), braced: true);
        _depth--;
        return obj;
    }

    private HoconArray ParseArray()
    {
        var open = Take();
        Enter(open);
        var items = new List<HoconValue>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek();
            if (token.Kind == HoconTokenKind.RightBracket)
            {
                Take();
                break;
            }

            var value = ParseValue(null, null);
            if (value is null)
            {
                var hint = token.Kind == HoconTokenKind.Comma ? " (two commas in a row, or a comma before the first element)" : string.Empty;
                throw Error($"expected a value or ']', found {token.Describe()}{hint}", token);
            }

            items.Add(value);
            SkipWhitespace();
            var after = Peek();
            switch (after.Kind)
            {
                case HoconTokenKind.Comma:
                    Take();
                    break;
                case HoconTokenKind.Newline:
                case HoconTokenKind.RightBracket:
                    break;
                default:
                    throw Error($"expected ',', a new line or ']' after an array element, found {after.Describe()}", after);
            }
        }

        _depth--;
        return new HoconArray(open.Position, items);
    }

    private void ParseInclude(HoconObject target, string[] targetRel, Context context)
    {
        var keyword = Take();
        SkipWhitespaceAndNewlines();

        var opening = new StringBuilder();
        var openedAt = Peek();
        while (Peek().Kind is HoconTokenKind.Unquoted or HoconTokenKind.Whitespace)
        {
            var t = Take();
            if (t.Kind == HoconTokenKind.Unquoted)
            {
                opening.Append(t.Text);
            }
        }

        var nameToken = Peek();
        if (nameToken.Kind != HoconTokenKind.Quoted)
        {
            throw Error($"expected a quoted file name, file(\"...\") or required(file(\"...\")) after include, found {nameToken.Describe()}", nameToken);
        }

        Take();
        var words = opening.ToString().Split('(');
        if (words[^1].Length != 0)
        {
            throw Error($"expected '(' before the quoted name in the include, found '{opening}'", openedAt);
        }

        var wrappers = words[..^1];
        var required = false;
        var kind = "file";
        var w = 0;
        if (w < wrappers.Length && wrappers[w] == "required")
        {
            required = true;
            w++;
        }

        if (w < wrappers.Length && wrappers[w] is "file" or "url" or "classpath")
        {
            kind = wrappers[w];
            w++;
        }

        if (w != wrappers.Length)
        {
            throw Error($"expected required(...), file(...), url(...) or classpath(...) around the include name, found '{opening}'", openedAt);
        }

        var closing = new StringBuilder();
        var closeAt = Peek();
        while (Peek().Kind == HoconTokenKind.Whitespace
            || (Peek().Kind == HoconTokenKind.Unquoted && Peek().Text.All(c => c == ')')))
        {
            var t = Take();
            if (t.Kind == HoconTokenKind.Unquoted)
            {
                closing.Append(t.Text);
            }
        }

        if (closing.Length != wrappers.Length)
        {
            throw Error($"expected {wrappers.Length} ')' to close the include, found {closing.Length}", closeAt);
        }

        if (kind != "file" || nameToken.Text.Contains("://", StringComparison.Ordinal))
        {
            throw Error($"include {kind}(\"{nameToken.Text}\") is not supported: FtActors only includes local files, write include file(\"...\")", keyword);
        }

        _includer.Include(nameToken.Text, required, _directory, keyword.Position, target, targetRel, context);
    }

    internal static string[] Concat(string[] a, string[] b)
    {
        if (a.Length == 0)
        {
            return b;
        }

        if (b.Length == 0)
        {
            return a;
        }

        var result = new string[a.Length + b.Length];
        a.CopyTo(result, 0);
        b.CopyTo(result, a.Length);
        return result;
    }

    internal static bool StartsWith(string[] path, string[] prefix)
    {
        if (path.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(path[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
