using FtActors.Config.Parsing;

namespace FtActors.Config.Resolution;

/// <summary>
/// Replaces substitutions, concatenations and pending merges with their values. Every node is
/// resolved at most once (memoised by identity), substitutions look up the final tree ("look
/// forward") except self-references, which were bound to the earlier value while parsing ("look
/// back"). A node met again while it is still being resolved is a cycle.
/// </summary>
internal sealed class HoconResolver
{
    private const int MaxDepth = 400;

    private readonly HoconObject _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<HoconValue, HoconValue?> _memo = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<HoconValue> _inProgress = new(ReferenceEqualityComparer.Instance);
    private readonly List<HoconSubstitution> _chain = [];
    private readonly Dictionary<HoconMergeStack, int> _stackPosition = new(ReferenceEqualityComparer.Instance);
    private int _depth;

    private HoconResolver(HoconObject root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    public static HoconObject Resolve(HoconObject root, Func<string, string?> environment)
    {
        var resolver = new HoconResolver(root, environment);
        try
        {
            return (HoconObject)(resolver.ResolveValue(root) ?? HoconObject.Empty);
        }
        catch (CycleException cycle)
        {
            var at = cycle.At;
            throw new HoconException(cycle.Message, HoconPath.Render(at.Path), at.Position.File, at.Position.Line, at.Position.Column);
        }
    }

    /// <summary>Merges two resolved objects; fields of <paramref name="over"/> win, nested objects merge.</summary>
    public static HoconObject MergeResolved(HoconObject over, HoconObject fallback)
    {
        var result = new HoconObject(over.Position, resolved: true);
        foreach (var (key, value) in fallback)
        {
            result.Set(key, value);
        }

        foreach (var (key, value) in over)
        {
            if (value is HoconObject overChild && fallback.Get(key) is HoconObject fallbackChild)
            {
                result.Set(key, MergeResolved(overChild, fallbackChild));
            }
            else
            {
                result.Set(key, value);
            }
        }

        return result;
    }

    /// <summary>Returns the resolved value, or null when it is an undefined optional substitution.</summary>
    private HoconValue? ResolveValue(HoconValue node)
    {
        switch (node)
        {
            case HoconScalar:
            case HoconObject { IsResolved: true }:
            case HoconArray { IsResolved: true }:
                return node;
        }

        if (_memo.TryGetValue(node, out var done))
        {
            return done;
        }

        if (!_inProgress.Add(node))
        {
            // Re-entering a field while one of its definitions is being resolved: the spec says to
            // break such a cycle by looking back in the merge stack, at the definitions below.
            if (node is HoconMergeStack stack && _stackPosition.TryGetValue(stack, out var position) && position > 0)
            {
                return LookBelow(stack, position);
            }

            throw Cycle();
        }

        if (++_depth > MaxDepth)
        {
            var s = _chain.Count > 0 ? _chain[^1] : null;
            throw new HoconException(
                $"expected substitutions to nest at most {MaxDepth} deep, found a longer chain",
                s is null ? null : HoconPath.Render(s.Path), node.File, node.Line, node.Column);
        }

        try
        {
            var result = node switch
            {
                HoconObject obj => ResolveObject(obj),
                HoconArray array => ResolveArray(array),
                HoconSubstitution substitution => ResolveSubstitution(substitution),
                HoconConcatenation concat => ResolveConcatenation(concat),
                HoconMergeStack stack => ResolveMergeStack(stack),
                _ => node,
            };
            _memo[node] = result;
            return result;
        }
        finally
        {
            _depth--;
            _inProgress.Remove(node);
        }
    }

    private HoconObject ResolveObject(HoconObject obj)
    {
        var result = new HoconObject(obj.Position, resolved: true);
        foreach (var (key, value) in obj)
        {
            var resolved = ResolveValue(value);
            if (resolved is not null)
            {
                result.Set(key, resolved);
            }
        }

        return result;
    }

    private HoconArray ResolveArray(HoconArray array)
    {
        var items = new List<HoconValue>(array.Count);
        foreach (var item in array)
        {
            var resolved = ResolveValue(item);
            if (resolved is not null)
            {
                items.Add(resolved);
            }
        }

        return new HoconArray(array.Position, items, resolved: true);
    }

    private HoconValue? ResolveSubstitution(HoconSubstitution s)
    {
        _chain.Add(s);
        try
        {
            var (found, value) = s.IsSelfReference ? LookBack(s) : Lookup(s.Path);
            if (!found && s.FallbackPath is not null)
            {
                (found, value) = Lookup(s.FallbackPath);
            }

            if (!found)
            {
                var variable = string.Join('.', s.FallbackPath ?? s.Path);
                var env = _environment(variable);
                if (env is not null)
                {
                    return new HoconScalar(HoconValueKind.String, env, s.Position);
                }
            }

            if (found)
            {
                return value;
            }

            if (s.Optional)
            {
                return null;
            }

            var why = s.IsSelfReference
                ? $"it refers to the field being defined, which has no earlier value"
                : $"nothing is defined at '{HoconPath.Render(s.Path)}'";
            throw new HoconException(
                $"expected a value for substitution {s.Expression}, found none: {why} and there is no environment variable '{string.Join('.', s.FallbackPath ?? s.Path)}' (use ${{?...}} if it is optional)",
                HoconPath.Render(s.Path), s.File, s.Line, s.Column);
        }
        catch (CycleException) when (s.Optional)
        {
            // The spec treats a cycle through an optional substitution as "undefined".
            return null;
        }
        finally
        {
            _chain.RemoveAt(_chain.Count - 1);
        }
    }

    private (bool Found, HoconValue? Value) LookBack(HoconSubstitution s)
    {
        if (s.Previous is null)
        {
            return (false, null);
        }

        var previous = ResolveValue(s.Previous);
        return previous is null ? (false, null) : Navigate(previous, s.PreviousRemainder, 0);
    }

    private (bool Found, HoconValue? Value) Lookup(string[] path) => Navigate(_root, path, 0);

    /// <summary>
    /// Follows keys through raw objects without resolving them whole, so an object may refer to its
    /// own fields (<c>bar { foo = 42, baz = ${bar.foo} }</c>); anything else is resolved first.
    /// </summary>
    private (bool Found, HoconValue? Value) Navigate(HoconValue start, string[] path, int index)
    {
        var node = start;
        for (var i = index; i < path.Length; i++)
        {
            if (node is not HoconObject obj)
            {
                var resolved = ResolveValue(node);
                if (resolved is not HoconObject resolvedObject)
                {
                    return (false, null);
                }

                obj = resolvedObject;
            }

            if (!obj.TryGetValue(path[i], out var child))
            {
                return (false, null);
            }

            node = child;
        }

        var value = ResolveValue(node);
        return value is null ? (false, null) : (true, value);
    }

    private HoconValue? ResolveConcatenation(HoconConcatenation concat)
    {
        var parts = new List<(HoconValue Value, HoconValue Origin)>();
        foreach (var part in concat.Parts)
        {
            var resolved = ResolveValue(part);
            if (resolved is not null)
            {
                parts.Add((resolved, part));
            }
        }

        // Undefined optional substitutions vanish; whitespace that only bordered them goes too.
        while (parts.Count > 0 && parts[0].Value is HoconScalar { IsWhitespace: true })
        {
            parts.RemoveAt(0);
        }

        while (parts.Count > 0 && parts[^1].Value is HoconScalar { IsWhitespace: true })
        {
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count == 0)
        {
            return null;
        }

        if (parts.Count == 1)
        {
            return parts[0].Value;
        }

        var solid = parts.Where(p => p.Value is not HoconScalar { IsWhitespace: true }).ToList();
        var category = HoconParser.ConcatCategory(solid[0].Value);
        foreach (var (value, origin) in solid)
        {
            var other = HoconParser.ConcatCategory(value);
            if (other != category)
            {
                throw new HoconException(
                    $"expected only {category}s in this value concatenation because {Starts(solid[0].Origin, category)}, found {Describe(origin, other)}",
                    null, origin.File, origin.Line, origin.Column);
            }
        }

        switch (category)
        {
            case "object":
                var merged = (HoconObject)solid[0].Value;
                foreach (var (value, _) in solid.Skip(1))
                {
                    merged = MergeResolved((HoconObject)value, merged);
                }

                return merged;
            case "array":
                var items = solid.SelectMany(p => (HoconArray)p.Value).ToList();
                return new HoconArray(concat.Position, items, resolved: true);
            default:
                return HoconScalar.String(string.Concat(parts.Select(p => ((HoconScalar)p.Value).Text)), concat.Position);
        }
    }

    private static string Starts(HoconValue origin, string category) => origin is HoconSubstitution s
        ? $"its first part {s.Expression} is {HoconParser.Article(category)} {category}"
        : $"it starts with {HoconParser.Article(category)} {category}";

    private static string Describe(HoconValue origin, string category) => origin is HoconSubstitution s
        ? $"{s.Expression}, which is {HoconParser.Article(category)} {category}"
        : $"{HoconParser.Article(category)} {category}";

    private HoconValue? ResolveMergeStack(HoconMergeStack stack)
    {
        try
        {
            return MergeDown(stack, stack.Items.Count - 1);
        }
        finally
        {
            _stackPosition.Remove(stack);
        }
    }

    /// <summary>The value of the definitions below <paramref name="position"/>, for a look-back.</summary>
    private HoconValue? LookBelow(HoconMergeStack stack, int position)
    {
        try
        {
            return MergeDown(stack, position - 1);
        }
        finally
        {
            _stackPosition[stack] = position;
        }
    }

    /// <summary>Merges definitions <paramref name="top"/> down to the oldest, recording which one is being resolved.</summary>
    private HoconValue? MergeDown(HoconMergeStack stack, int top)
    {
        HoconObject? merged = null;
        for (var i = top; i >= 0; i--)
        {
            _stackPosition[stack] = i;
            var value = ResolveValue(stack.Items[i]);
            if (value is null)
            {
                continue;
            }

            if (merged is null)
            {
                if (value is not HoconObject obj)
                {
                    return value;
                }

                merged = obj;
                continue;
            }

            if (value is not HoconObject older)
            {
                // A non-object below an object hides everything older than itself.
                break;
            }

            merged = MergeResolved(merged, older);
        }

        return merged;
    }

    private CycleException Cycle()
    {
        var last = _chain.Count > 0 ? _chain[^1] : null;
        var chain = string.Join(" -> ", _chain.Select(s => s.Expression));
        var message = last is null
            ? "expected a value without cycles, found a value that contains itself"
            : $"expected substitutions without cycles, found a cycle: {chain} (a value cannot depend on itself; an object or array cannot contain a reference to itself)";
        return new CycleException(message, last ?? new HoconSubstitution([], false, string.Empty, SourcePosition.None));
    }

    /// <summary>Internal signal for a cycle; turned into a <see cref="HoconException"/> unless an optional substitution absorbs it.</summary>
    private sealed class CycleException(string message, HoconSubstitution at) : Exception(message)
    {
        public HoconSubstitution At { get; } = at;
    }
}
