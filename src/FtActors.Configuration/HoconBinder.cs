using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration;

/// <summary>
/// Binds configuration written in HOCON style to options classes. The stock binder cannot read HOCON
/// durations (<c>1s</c>: TimeSpan's converter wants <c>00:00:01</c>), sizes (<c>8 MiB</c>) or
/// kebab-case keys (<c>heartbeat-interval</c> for <c>HeartbeatInterval</c>). This helper walks the
/// target type, rewrites exactly the values whose property type asks for a duration or an integer
/// (so a string property keeps <c>1s</c> untouched), renames kebab-case keys to property names, and
/// then lets <see cref="ConfigurationBinder"/> do the binding. Booleans also accept yes/no/on/off.
/// </summary>
public static class HoconBinder
{
    /// <summary>Creates a <typeparamref name="T"/> from <paramref name="section"/> (constructor binding for records works too).</summary>
    public static T Get<T>(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var normalised = Normalise(section, typeof(T));
        return normalised.Get<T>() ?? throw new ConfigurationException($"expected settings for {typeof(T).Name}, found none", PathOf(section), null, 0, 0);
    }

    /// <summary>Sets the properties of <paramref name="instance"/> from <paramref name="section"/>.</summary>
    public static void Bind(IConfiguration section, object instance)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(instance);
        Normalise(section, instance.GetType()).Bind(instance);
    }

    /// <summary>Reads a HOCON duration (<c>10s</c>, <c>250 ms</c>; a bare number is milliseconds) at <paramref name="key"/>.</summary>
    public static TimeSpan GetDuration(this IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[key];
        return HoconUnits.TryParseDuration(value, out var result, out var error)
            ? result
            : throw Wrong(error, Join(PathOf(configuration), key));
    }

    /// <summary>Reads a HOCON size in bytes (<c>8 MiB</c>, <c>4k</c>; a bare number is bytes) at <paramref name="key"/>.</summary>
    public static long GetSize(this IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[key];
        return HoconUnits.TryParseSize(value, out var result, out var error)
            ? result
            : throw Wrong(error, Join(PathOf(configuration), key));
    }

    /// <summary>A copy of <paramref name="section"/>'s keys, renamed and converted for <paramref name="type"/>.</summary>
    internal static IConfiguration Normalise(IConfiguration section, Type type)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (section is IConfigurationSection { Value: not null } leaf)
        {
            // Binding a single value: the stock binder reads it from the section itself.
            data[string.Empty] = leaf.Value;
        }

        WalkChildren(section, type, prefix: null, PathOf(section), data);
        return new ConfigurationBuilder().AddInMemoryCollection(data).Build();
    }

    private static void WalkChildren(IConfiguration node, Type? type, string? prefix, string? sourcePath, Dictionary<string, string?> data)
    {
        foreach (var child in node.GetChildren())
        {
            var (key, childType) = MapChild(type, child.Key);
            Walk(child, childType, prefix is null ? key : prefix + ConfigurationPath.KeyDelimiter + key, Join(sourcePath, child.Key), data);
        }
    }

    private static void Walk(IConfigurationSection section, Type? type, string path, string? sourcePath, Dictionary<string, string?> data)
    {
        if (section.Value is not null || !section.GetChildren().Any())
        {
            data[path] = Convert(section.Value, type, sourcePath);
            return;
        }

        var element = ElementType(type);
        if (element is not null)
        {
            foreach (var child in section.GetChildren())
            {
                Walk(child, element, path + ConfigurationPath.KeyDelimiter + child.Key, Join(sourcePath, child.Key), data);
            }

            return;
        }

        WalkChildren(section, type, path, sourcePath, data);
    }

    private static string? Convert(string? value, Type? type, string? path)
    {
        if (value is null || type is null)
        {
            return value;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(TimeSpan))
        {
            if (HoconUnits.TryParseDuration(value, out var duration, out var error))
            {
                return duration.ToString("c", CultureInfo.InvariantCulture);
            }

            // Keep .NET's own "00:00:05" form working (for example from an environment variable).
            return TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out _)
                ? value
                : throw Wrong(error, path);
        }

        if (target == typeof(bool))
        {
            // HOCON's recommended boolean spellings; the stock converter only knows true/false.
            return value switch
            {
                "yes" or "on" => "true",
                "no" or "off" => "false",
                _ => value,
            };
        }

        if (target == typeof(long) || target == typeof(int) || target == typeof(ulong) || target == typeof(uint)
            || target == typeof(short) || target == typeof(ushort))
        {
            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                return value;
            }

            return HoconUnits.TryParseSize(value, out var bytes, out var error)
                ? bytes.ToString(CultureInfo.InvariantCulture)
                : throw Wrong($"expected an integer or a size, found '{value}' ({error})", path);
        }

        return value;
    }

    /// <summary>The property a configuration key names: its [ConfigurationKeyName], or its name ignoring case, '-' and '_'.</summary>
    private static (string Key, Type? Type) MapChild(Type? type, string key)
    {
        if (type is null || IsLeaf(type))
        {
            return (key, null);
        }

        var wanted = Simplify(key);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var named = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name;
            if (named is not null)
            {
                if (string.Equals(named, key, StringComparison.OrdinalIgnoreCase))
                {
                    return (named, property.PropertyType);
                }

                continue;
            }

            if (Simplify(property.Name) == wanted)
            {
                return (property.Name, property.PropertyType);
            }
        }

        return (key, null);
    }

    private static string Simplify(string name) =>
        string.Concat(name.Where(c => c is not ('-' or '_')).Select(char.ToLowerInvariant));

    private static Type? ElementType(Type? type)
    {
        if (type is null || type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType)
            {
                var definition = candidate.GetGenericTypeDefinition();
                if (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
                {
                    return candidate.GetGenericArguments()[1];
                }
            }
        }

        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(Uri)
            || t == typeof(Version) || t == typeof(DateOnly) || t == typeof(TimeOnly);
    }

    /// <summary>A bad value's error; the message starts with the configuration key, as the node's own checks do.</summary>
    private static ConfigurationException Wrong(string reason, string? key) =>
        new(key is null ? reason : $"{key}: {reason}", key, null, 0, 0);

    private static string? PathOf(IConfiguration configuration) => (configuration as IConfigurationSection)?.Path;

    private static string Join(string? prefix, string key) => string.IsNullOrEmpty(prefix) ? key : prefix + ConfigurationPath.KeyDelimiter + key;
}
