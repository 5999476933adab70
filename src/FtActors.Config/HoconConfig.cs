using System.Globalization;
using FtActors.Config.Parsing;
using FtActors.Config.Resolution;

namespace FtActors.Config;

/// <summary>
/// A parsed and fully resolved HOCON configuration with typed getters. Paths use HOCON path syntax
/// (<c>cluster.seed-nodes</c>, quote keys containing dots: <c>a."b.c"</c>). Getters throw
/// <see cref="HoconException"/> naming the path and, when known, the file, line and column of the value.
/// </summary>
public sealed class HoconConfig
{
    private HoconConfig(HoconObject root)
    {
        Root = root;
    }

    /// <summary>A configuration with no fields.</summary>
    public static HoconConfig Empty { get; } = new(HoconObject.Empty);

    /// <summary>The resolved root object.</summary>
    public HoconObject Root { get; }

    /// <summary>Parses and resolves HOCON text.</summary>
    public static HoconConfig Parse(string text, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= HoconParseOptions.Default;
        var raw = HoconParser.ParseDocument(text, options.SourceName, options, fullPath: null);
        return new HoconConfig(HoconResolver.Resolve(raw, options.EnvironmentLookup));
    }

    /// <summary>
    /// Parses and resolves a file; its includes are relative to its directory. Error messages name the
    /// file as <paramref name="path"/> was given.
    /// </summary>
    public static HoconConfig ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= HoconParseOptions.Default;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new HoconException($"expected a readable configuration file, found {e.GetType().Name}: {e.Message}", null, path, 0, 0, e);
        }

        var raw = HoconParser.ParseDocument(text, path, options, Path.GetFullPath(path));
        return new HoconConfig(HoconResolver.Resolve(raw, options.EnvironmentLookup));
    }

    /// <summary>The value at <paramref name="path"/>, or null when nothing is there.</summary>
    public HoconValue? GetValue(string path)
    {
        HoconValue node = Root;
        foreach (var key in ParsePath(path))
        {
            if (node is not HoconObject obj || !obj.TryGetValue(key, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>True when a non-null value exists at <paramref name="path"/>.</summary>
    public bool HasPath(string path) => GetValue(path) is { Kind: not HoconValueKind.Null };

    /// <summary>A string, number or boolean as text.</summary>
    public string GetString(string path) => Scalar(path, "a string").Text;

    /// <summary>The string at <paramref name="path"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public string GetString(string path, string defaultValue) => HasPath(path) ? GetString(path) : defaultValue;

    /// <summary>A 32-bit integer (a number or a string holding one).</summary>
    public int GetInt(string path)
    {
        var value = GetLong(path);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Wrong(path, GetValue(path)!, "a 32-bit integer");
    }

    /// <summary>The integer at <paramref name="path"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public int GetInt(string path, int defaultValue) => HasPath(path) ? GetInt(path) : defaultValue;

    /// <summary>A 64-bit integer (a number or a string holding one).</summary>
    public long GetLong(string path)
    {
        var scalar = Scalar(path, "an integer");
        if (scalar.Kind is HoconValueKind.Number or HoconValueKind.String)
        {
            if (long.TryParse(scalar.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return whole;
            }

            if (double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                && d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue)
            {
                return (long)d;
            }
        }

        throw Wrong(path, scalar, "an integer");
    }

    /// <summary>A floating-point number (a number or a string holding one).</summary>
    public double GetDouble(string path)
    {
        var scalar = Scalar(path, "a number");
        return scalar.Kind is HoconValueKind.Number or HoconValueKind.String
            && double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw Wrong(path, scalar, "a number");
    }

    /// <summary>A boolean; the strings true/yes/on and false/no/off convert as the spec recommends.</summary>
    public bool GetBool(string path)
    {
        var scalar = Scalar(path, "a boolean");
        return scalar.Kind is HoconValueKind.Boolean or HoconValueKind.String
            ? scalar.Text switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw Wrong(path, scalar, "a boolean (true/false, yes/no, on/off)"),
            }
            : throw Wrong(path, scalar, "a boolean (true/false, yes/no, on/off)");
    }

    /// <summary>The boolean at <paramref name="path"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public bool GetBool(string path, bool defaultValue) => HasPath(path) ? GetBool(path) : defaultValue;

    /// <summary>A duration: a bare number is milliseconds, otherwise number plus unit (<c>10s</c>, <c>2 minutes</c>).</summary>
    public TimeSpan GetDuration(string path)
    {
        var scalar = Scalar(path, "a duration");
        string? error = null;
        if (scalar.Kind is HoconValueKind.Number or HoconValueKind.String
            && HoconValues.TryParseDuration(scalar.Text, out var value, out error))
        {
            return value;
        }

        throw Wrong(path, scalar, "a duration such as 10s, 250 ms or 2 minutes", error);
    }

    /// <summary>The duration at <paramref name="path"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public TimeSpan GetDuration(string path, TimeSpan defaultValue) => HasPath(path) ? GetDuration(path) : defaultValue;

    /// <summary>A size in bytes: a bare number is bytes, otherwise number plus unit (<c>128MiB</c>, <c>1 GB</c>).</summary>
    public long GetSize(string path)
    {
        var scalar = Scalar(path, "a size");
        string? error = null;
        if (scalar.Kind is HoconValueKind.Number or HoconValueKind.String
            && HoconValues.TryParseSize(scalar.Text, out var value, out error))
        {
            return value;
        }

        throw Wrong(path, scalar, "a size such as 128MiB, 1 GB or 4k", error);
    }

    /// <summary>
    /// The array at <paramref name="path"/>. An object with numeric keys (<c>a.0 = x, a.1 = y</c>)
    /// converts to an array ordered by key, as the spec recommends.
    /// </summary>
    public IReadOnlyList<HoconValue> GetList(string path)
    {
        var value = Require(path);
        if (value is HoconArray array)
        {
            return array;
        }

        if (value is HoconObject obj)
        {
            var indexed = obj
                .Select(kv => (Ok: int.TryParse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i), Index: i, kv.Value))
                .Where(x => x.Ok)
                .OrderBy(x => x.Index)
                .Select(x => x.Value)
                .ToList();
            if (indexed.Count > 0)
            {
                return indexed;
            }
        }

        throw Wrong(path, value, "an array");
    }

    /// <summary>The array at <paramref name="path"/> with every element read as a string.</summary>
    public IReadOnlyList<string> GetStringList(string path)
    {
        var list = GetList(path);
        var result = new List<string>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            result.Add(list[i] is HoconScalar { Kind: not HoconValueKind.Null } s
                ? s.Text
                : throw Wrong(path + "." + i.ToString(CultureInfo.InvariantCulture), list[i], "a string"));
        }

        return result;
    }

    /// <summary>The object at <paramref name="path"/> as its own configuration.</summary>
    public HoconConfig GetConfig(string path)
    {
        var value = Require(path);
        return value is HoconObject obj ? new HoconConfig(obj) : throw Wrong(path, value, "an object");
    }

    /// <summary>
    /// This configuration with <paramref name="fallback"/> filling in what it lacks: fields here win and
    /// objects merge recursively. Both sides are already resolved, so substitutions do not cross between
    /// them (include the fallback file instead when they must).
    /// </summary>
    public HoconConfig WithFallback(HoconConfig fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new HoconConfig(HoconResolver.MergeResolved(Root, fallback.Root));
    }

    /// <summary>The configuration as HOCON text that parses back to the same tree.</summary>
    public string Render() => Root.Render();

    private static string[] ParsePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return HoconLexer.ParsePathExpression(path);
    }

    private HoconValue Require(string path) =>
        GetValue(path) ?? throw new HoconException($"expected a value at '{path}', found none", path, null, 0, 0);

    private HoconScalar Scalar(string path, string expected)
    {
        var value = Require(path);
        return value is HoconScalar { Kind: not HoconValueKind.Null } scalar ? scalar : throw Wrong(path, value, expected);
    }

    private static HoconException Wrong(string path, HoconValue found, string expected, string? detail = null)
    {
        var what = found switch
        {
            HoconObject => "an object",
            HoconArray => "an array",
            HoconScalar { Kind: HoconValueKind.Null } => "null",
            HoconScalar { Kind: HoconValueKind.String } s => $"'{s.Text}'",
            HoconScalar s => s.Text,
            _ => "an unresolved value",
        };
        var reason = $"expected {expected} at '{path}', found {what}";
        // The unit parser's own message only adds something when it names a bad unit or an overflow.
        if (detail is not null && !detail.StartsWith("expected a duration such as", StringComparison.Ordinal)
            && !detail.StartsWith("expected a size such as", StringComparison.Ordinal))
        {
            reason += $" ({detail})";
        }

        return new HoconException(reason, path, found.File, found.Line, found.Column);
    }
}
