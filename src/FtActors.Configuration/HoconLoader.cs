using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace FtActors.Configuration;

/// <summary>
/// Reads HOCON with Akka's own parser (<see cref="ConfigurationFactory.ParseString(string, Func{string, HoconRoot})"/>)
/// and adds what that parser leaves to its caller: <c>include "other.conf"</c> resolved relative to the including
/// file, and errors as <see cref="ConfigurationException"/> naming the file, line and column where Akka gives a
/// position. The result is Akka's <see cref="Config"/>, so the node's <c>akka { }</c> and <c>ftactors { }</c>
/// sections come from one parse.
/// </summary>
public static partial class HoconLoader
{
    /// <summary>How deep includes may nest before it is reported as an error.</summary>
    public const int MaxIncludeDepth = 16;

    /// <summary>Reads <paramref name="path"/>; errors name the file as <paramref name="path"/> was given.</summary>
    /// <exception cref="ConfigurationException">The file is missing, unreadable or rejected, or an include is.</exception>
    public static Config LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"expected the configuration file {Path.GetFullPath(path)} to exist, found none", null, path, 0, 0);
        }

        return LoadFile(path, path, ImmutableStack<string>.Empty);
    }

    /// <summary>
    /// Reads HOCON text. <paramref name="sourceName"/> is the name errors show (null shows <c>&lt;text&gt;</c>);
    /// includes are looked up in <paramref name="baseDirectory"/>, the current directory when null.
    /// </summary>
    /// <exception cref="ConfigurationException">The text or one of its includes is rejected.</exception>
    public static Config Parse(string text, string? sourceName = null, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParseText(text, sourceName, baseDirectory ?? Directory.GetCurrentDirectory(), ImmutableStack<string>.Empty);
    }

    private static Config LoadFile(string path, string displayName, ImmutableStack<string> including)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException($"expected a readable configuration file, found {e.GetType().Name}: {e.Message}", null, displayName, 0, 0, e);
        }

        var full = Path.GetFullPath(path);
        return ParseText(text, displayName, Path.GetDirectoryName(full) ?? full, including.Push(full));
    }

    private static Config ParseText(string text, string? name, string directory, ImmutableStack<string> including)
    {
        HoconSyntaxGuard.Check(text, name);
        try
        {
            return ConfigurationFactory.ParseString(text, include => Include(include, text, name, directory, including));
        }
        catch (Exception e) when (e is FormatException or Akka.Configuration.ConfigurationException or NotSupportedException
                                  || e.GetType() == typeof(Exception))
        {
            // Akka's parser reports with these types (a bare Exception for an early end of text); ours from an
            // include pass through untouched, already naming the included file.
            throw Translate(e, text, name);
        }
    }

    /// <summary>Akka's include callback: <paramref name="file"/> is the quoted name after <c>include</c>.</summary>
    private static HoconRoot Include(string file, string text, string? includer, string directory, ImmutableStack<string> including)
    {
        // The quoted name, so a mention of the file in a comment above does not count.
        var (line, column) = Find(text, "\"" + file + "\"");
        var full = Path.GetFullPath(Path.Combine(directory, file));
        if (including.Contains(full))
        {
            throw new ConfigurationException($"expected includes without a cycle, found {full} included again while it is being read", null, includer, line, column);
        }

        if (including.Count() >= MaxIncludeDepth)
        {
            throw new ConfigurationException($"expected includes nested at most {MaxIncludeDepth} deep, found deeper ones at {file}", null, includer, line, column);
        }

        // A plain HOCON include of a missing file is silently empty; here node.conf's defaults would vanish with it.
        if (!File.Exists(full))
        {
            throw new ConfigurationException($"expected the included file {full} to exist, found none", null, includer, line, column);
        }

        var display = includer is null ? full : Path.Combine(Path.GetDirectoryName(includer) ?? string.Empty, file);
        var included = LoadFile(full, display, including);

        // Akka prefixes the substitutions an include returns with the path of the object the include sits in and
        // resolves them again; at the root that prefix is a bare ".", which never resolves. They were resolved in
        // the included file's own parse, so its tree goes back without them. They still see later overrides of the
        // same keys, because Akka merges the included nodes into the including tree rather than copying them.
        return new HoconRoot(included.Root);
    }

    private static ConfigurationException Translate(Exception e, string text, string? name)
    {
        var reason = e.Message.Split('\n')[0].Trim();
        var unresolved = UnresolvedPattern().Match(reason);
        if (unresolved.Success)
        {
            var path = unresolved.Groups["path"].Value;
            var (l, c) = Find(text, "${" + path);
            return new ConfigurationException(
                $"expected a value for substitution ${{{path}}}, found none (Akka's HOCON parser resolves substitutions within the file and its includes, never from environment variables)",
                path, name, l, c, e);
        }

        var (line, column) = (0, 0);
        var position = PositionPattern().Match(reason);
        if (position.Success && int.TryParse(position.Groups["index"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            (line, column) = LineAndColumn(text, index);
            reason = reason.Remove(position.Index, position.Length);
        }
        else if (e.GetType() == typeof(Exception))
        {
            (line, column) = LineAndColumn(text, text.Length);
        }

        return new ConfigurationException($"expected HOCON that Akka's parser accepts, found: {reason.TrimEnd(':', ' ')}", null, name, line, column, e);
    }

    /// <summary>Line and column of the first <paramref name="needle"/> in <paramref name="text"/>; (0, 0) when absent.</summary>
    private static (int Line, int Column) Find(string text, string needle)
    {
        var index = text.IndexOf(needle, StringComparison.Ordinal);
        return index < 0 ? (0, 0) : LineAndColumn(text, index);
    }

    internal static (int Line, int Column) LineAndColumn(string text, int index)
    {
        index = Math.Clamp(index, 0, text.Length);
        var before = text.AsSpan(0, index);
        var lineStart = before.LastIndexOf('\n') + 1;
        return (before.Count('\n') + 1, index - lineStart + 1);
    }

    [GeneratedRegex(@"^Unresolved substitution: ?(?<path>\S*)", RegexOptions.CultureInvariant)]
    private static partial Regex UnresolvedPattern();

    [GeneratedRegex(@"\s*at position (?<index>[0-9]+):?", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPattern();
}
