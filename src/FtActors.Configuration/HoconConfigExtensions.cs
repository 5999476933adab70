using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace FtActors.Configuration;

/// <summary>
/// Typed reads from an Akka <see cref="Config"/> by full HOCON path, with a fallback for a missing or
/// <c>null</c> value and a <see cref="ConfigurationException"/> for a wrong one that says what was expected,
/// what was found and at which path (Akka's own getters throw a bare <see cref="FormatException"/>). Named
/// <c>Read*</c> because Akka's instance methods <c>GetString</c>, <c>GetInt</c>... would hide extensions of
/// the same name.
/// </summary>
public static class HoconConfigExtensions
{
    /// <summary>True when <paramref name="path"/> holds something other than <c>null</c> (an empty object or list counts).</summary>
    public static bool HasValue(this Config config, string path) => Find(config, path) is not null;

    /// <summary>The text at <paramref name="path"/>, or <paramref name="fallback"/> when it is missing.</summary>
    public static string ReadString(this Config config, string path, string fallback) =>
        Scalar(config, path, "a string") ?? fallback;

    /// <summary>The 32-bit integer at <paramref name="path"/>, or <paramref name="fallback"/> when it is missing.</summary>
    public static int ReadInt(this Config config, string path, int fallback)
    {
        var text = Scalar(config, path, "an integer");
        return text is null ? fallback
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
            : throw Wrong(path, "a 32-bit integer", $"'{text}'");
    }

    /// <summary>The number at <paramref name="path"/>, or <paramref name="fallback"/> when it is missing.</summary>
    public static double ReadDouble(this Config config, string path, double fallback)
    {
        var text = Scalar(config, path, "a number");
        return text is null ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
            : throw Wrong(path, "a number", $"'{text}'");
    }

    /// <summary>The boolean at <paramref name="path"/> (true/yes/on, false/no/off), or <paramref name="fallback"/> when it is missing.</summary>
    public static bool ReadBool(this Config config, string path, bool fallback) =>
        Scalar(config, path, "a boolean") switch
        {
            null => fallback,
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw Wrong(path, "a boolean (true/false, yes/no, on/off)", $"'{other}'"),
        };

    /// <summary>The duration at <paramref name="path"/> (see <see cref="HoconUnits"/>), or <paramref name="fallback"/> when it is missing.</summary>
    public static TimeSpan ReadDuration(this Config config, string path, TimeSpan fallback)
    {
        var text = Scalar(config, path, "a duration");
        if (text is null)
        {
            return fallback;
        }

        return HoconUnits.TryParseDuration(text, out var value, out var error) ? value : throw new ConfigurationException($"{path}: {error}", path, null, 0, 0);
    }

    /// <summary>The list of strings at <paramref name="path"/>, or <paramref name="fallback"/> when it is missing.</summary>
    public static IReadOnlyList<string> ReadStringList(this Config config, string path, IReadOnlyList<string> fallback)
    {
        var value = Find(config, path);
        if (value is null)
        {
            return fallback;
        }

        if (IsEmptyList(value))
        {
            return [];
        }

        if (!value.IsArray())
        {
            throw Wrong(path, "a list of strings", Describe(value));
        }

        var items = value.GetArray();
        var result = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            result.Add(items[i].IsString() && items[i].GetString() is { } s
                ? s
                : throw Wrong(path + "." + i.ToString(CultureInfo.InvariantCulture), "a string", Describe(items[i])));
        }

        return result;
    }

    /// <summary>The keys of the object at <paramref name="path"/>; none when it is missing.</summary>
    public static IReadOnlyList<string> ReadKeys(this Config config, string path)
    {
        var value = Find(config, path);
        if (value is null)
        {
            return [];
        }

        return value.IsObject() ? [.. value.GetObject().Items.Keys] : throw Wrong(path, "an object", Describe(value));
    }

    /// <summary>The value at <paramref name="path"/>, or null when there is none or it is HOCON <c>null</c>.</summary>
    private static HoconValue? Find(Config config, string path)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(path);
        if (config.IsEmpty)
        {
            return null;
        }

        var value = config.GetValue(path);
        return value is null || (value.IsString() && value.GetString() is null) ? null : value;
    }

    private static string? Scalar(Config config, string path, string expected)
    {
        var value = Find(config, path);
        return value is null ? null : value.IsString() ? value.GetString() : throw Wrong(path, expected, Describe(value));
    }

    // Akka reports an empty list as neither a list nor a string: its IsArray() counts elements.
    private static bool IsEmptyList(HoconValue value) => value.Values.Count > 0 && value.Values.All(v => v is HoconArray) && !value.IsArray();

    private static string Describe(HoconValue value) =>
        value.IsObject() ? "an object"
        : value.IsArray() ? "a list"
        : IsEmptyList(value) ? "an empty list"
        : value.IsString() ? $"'{value.GetString()}'"
        : "a value that is neither text, a list nor an object";

    private static ConfigurationException Wrong(string path, string expected, string found) =>
        new($"{path}: expected {expected}, found {found}", path, null, 0, 0);
}
