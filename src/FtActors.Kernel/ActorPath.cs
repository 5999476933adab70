using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FtActors.Kernel;

/// <summary>
/// The hierarchical name of an actor: an <see cref="Address"/> plus path elements from the root, printed as
/// <c>ftactors://system/user/a/b</c>. Two paths are equal when their text is equal; the <see cref="Uid"/> of the
/// incarnation is deliberately left out, so a restarted-by-name actor has the same path but a different reference.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private string? _text;

    internal ActorPath(Address address, ImmutableArray<string> elements, long uid)
    {
        Address = address;
        Elements = elements;
        Uid = uid;
    }

    /// <summary>The system the actor lives in.</summary>
    public Address Address { get; }

    /// <summary>Names from the root down to this actor; empty for the root guardian.</summary>
    public ImmutableArray<string> Elements { get; }

    /// <summary>
    /// Identifies one incarnation of the actor at this path (0 when unknown, as for a parsed path). References
    /// compare by path and uid, so a message for a stopped incarnation never reaches its successor.
    /// </summary>
    public long Uid { get; }

    /// <summary>The last element, or an empty string for the root.</summary>
    public string Name => Elements.IsEmpty ? string.Empty : Elements[^1];

    /// <summary>The parent path, or null for the root.</summary>
    public ActorPath? Parent => Elements.IsEmpty ? null : new ActorPath(Address, Elements.RemoveAt(Elements.Length - 1), 0);

    internal ActorPath Child(string name, long uid) => new(Address, Elements.Add(name), uid);

    /// <summary>Parses <c>ftactors://system[@host:port]/a/b</c>.</summary>
    /// <exception cref="InvalidActorPathException">The text is not a path; the message gives the offset and what was expected.</exception>
    public static ActorPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = ParseCore(text, out var path, out var offset, out var expected);
        return result ? path! : throw new InvalidActorPathException(text, offset, expected!);
    }

    /// <summary>Parses a path, returning false instead of throwing when the text is not one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ActorPath? path)
    {
        if (text is null)
        {
            path = null;
            return false;
        }

        return ParseCore(text, out path, out _, out _);
    }

    /// <summary>True when <paramref name="c"/> may appear in an actor name (URI-safe characters, no '/', '#', '?', '%').</summary>
    public static bool IsValidNameChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-_.*$+:@&=,!~';()".Contains(c, StringComparison.Ordinal);

    private static bool ParseCore(string s, out ActorPath? path, out int offset, out string? expected)
    {
        path = null;
        const string prefix = Address.Protocol + "://";
        if (!s.StartsWith(prefix, StringComparison.Ordinal))
        {
            offset = FirstMismatch(s, prefix);
            expected = $"the scheme '{prefix}'";
            return false;
        }

        var i = prefix.Length;
        var systemStart = i;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '-' or '_'))
        {
            i++;
        }

        if (i == systemStart)
        {
            offset = i;
            expected = "a system name (letters, digits, '-' or '_')";
            return false;
        }

        var system = s[systemStart..i];
        string? host = null;
        int? port = null;
        if (i < s.Length && s[i] == '@')
        {
            i++;
            var hostStart = i;
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '.' or '-'))
            {
                i++;
            }

            if (i == hostStart)
            {
                offset = i;
                expected = "a host name";
                return false;
            }

            host = s[hostStart..i];
            if (i >= s.Length || s[i] != ':')
            {
                offset = i;
                expected = "':' before the port";
                return false;
            }

            i++;
            var portStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - portStart < 6)
            {
                i++;
            }

            if (i == portStart || !int.TryParse(s.AsSpan(portStart, i - portStart), NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
            {
                offset = portStart;
                expected = "a port number from 0 to 65535";
                return false;
            }

            port = p;
        }

        if (i >= s.Length || s[i] != '/')
        {
            offset = i;
            expected = "'/' after the address";
            return false;
        }

        var elements = ImmutableArray.CreateBuilder<string>();
        i++;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && IsValidNameChar(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                offset = i;
                expected = "an actor name";
                return false;
            }

            elements.Add(s[start..i]);
            if (i < s.Length)
            {
                if (s[i] != '/' || i == s.Length - 1)
                {
                    offset = s[i] != '/' ? i : i + 1;
                    expected = s[i] != '/' ? "'/' or the end of the path" : "an actor name";
                    return false;
                }

                i++;
            }
        }

        path = new ActorPath(new Address(system, host, port), elements.ToImmutable(), 0);
        offset = -1;
        expected = null;
        return true;
    }

    private static int FirstMismatch(string s, string prefix)
    {
        var n = Math.Min(s.Length, prefix.Length);
        for (var k = 0; k < n; k++)
        {
            if (s[k] != prefix[k])
            {
                return k;
            }
        }

        return n;
    }

    /// <inheritdoc />
    public bool Equals(ActorPath? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>Formats the path as <c>ftactors://system/user/a/b</c> (the root is <c>ftactors://system/</c>).</summary>
    public override string ToString() => _text ??= Address + "/" + string.Join('/', Elements);
}
