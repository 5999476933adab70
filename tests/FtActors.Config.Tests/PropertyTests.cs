using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace FtActors.Config.Tests;

/// <summary>FsCheck properties: no input crashes the reader, rendering round-trips, path keys equal nesting.</summary>
public class PropertyTests
{
    private static readonly FsCheck.Config Quick = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly string[] Fragments =
    [
        "a", "b.c", "\"q\"", "\"x.y\"", "1", "-2.5", "1e3", "true", "null", "include", "foo bar",
        "=", ":", "+=", "{", "}", "[", "]", ",", "\n", " ", "\t", "\r\n", "#c\n", "// c\n",
        "${a}", "${?b}", "${b.c}", "${?HOME}", "\"\"\"t\n\"\"\"", "$", "\\", ".", "..", "+", "?", "`",
        "\"unterminated", "\"\\u00e9\"", "\"\\q\"", "\u00a0", "\u00e9", "file(", ")", "required(", "10s", "8 MiB",
    ];

    private static readonly string Sample = """
        # FtActors sample
        cluster {
          id = "ft-test"
          seeds = ["127.0.0.1:2551", "127.0.0.1:2552"]
          heartbeat-interval = 1s
          phi-threshold = 8
          roles += compute
        }
        remoting.max-frame { control = 256 KiB, page = 8 MiB }
        home = ${?HOME}
        path = [ /bin ]
        path = ${path} [ /usr/bin ]
        name = ${cluster.id}"-node"
        text = \"\"\"multi
        line\"\"\"
        """.Replace("\\\"", "\"", StringComparison.Ordinal);

    [Fact]
    public void Parse_RandomFragmentSoup_ParsesOrThrowsHoconExceptionInsideInput()
    {
        var documents =
            from parts in Gen.ArrayOf(Gen.Elements(Fragments))
            select string.Concat(parts);
        Check.One(Quick, Prop.ForAll(Arb.From(documents), NeverCrashes));
    }

    [Fact]
    public void Parse_MutatedValidDocument_ParsesOrThrowsHoconExceptionInsideInput()
    {
        var sample = HoconConfig.Parse(Sample, TestHocon.Options(TestHocon.Env(("HOME", "/h"))));
        Assert.Equal(["/bin", "/usr/bin"], sample.GetStringList("path"));
        Assert.Equal("ft-test-node", sample.GetString("name"));
        var mutation =
            from kind in Gen.Choose(0, 3)
            from position in Gen.Choose(0, Sample.Length - 1)
            from length in Gen.Choose(1, 8)
            from insert in Gen.Elements(Fragments)
            select (kind, position, length, insert);
        var documents =
            from steps in Gen.ArrayOf(mutation)
            select steps.Aggregate(Sample, Mutate);
        Check.One(Quick, Prop.ForAll(Arb.From(documents), NeverCrashes));
    }

    [Fact]
    public void Parse_RandomBytesAsText_ParsesOrThrowsHoconExceptionInsideInput()
    {
        var documents =
            from chars in Gen.ArrayOf(Gen.Frequency(
                (6, Gen.Elements("abc{}[]=:,\n \"$?.#/\\+".ToCharArray())),
                (1, Gen.Choose(0, 0xD7FF).Select(i => (char)i))))
            select new string(chars);
        Check.One(Quick, Prop.ForAll(Arb.From(documents), NeverCrashes));
    }

    [Fact]
    public void Render_RandomTree_ParsesBackToSameTree()
    {
        Check.One(Quick, Prop.ForAll(Arb.From(RandomObject(3)), tree =>
        {
            var text = HoconConfigFromTree(tree);
            var parsed = HoconConfig.Parse(text, TestHocon.Options());
            var again = HoconConfig.Parse(parsed.Render(), TestHocon.Options());
            return TestHocon.SameTree(parsed.Root, again.Root) && MatchesModel(tree, parsed.Root);
        }));
    }

    [Fact]
    public void Parse_PathKey_EqualsNestedBraces()
    {
        var segment = Gen.Elements("a", "b", "node", "heartbeat-interval", "x_y", "true", "null", "3", "k9", "\"quoted.key\"", "\"\"", "\"sp ace\"");
        var value = Gen.Elements("v", "1", "2.5", "true", "null", "\"s t r\"", "[1, 2]", "{ z = 1 }", "10s");
        var cases =
            from path in Gen.ArrayOf(segment).Where(p => p.Length is > 0 and < 6)
            from v in value
            select (path, v);
        Check.One(Quick, Prop.ForAll(Arb.From(cases), c =>
        {
            var dotted = string.Join('.', c.path) + " = " + c.v;
            var nested = string.Concat(c.path[..^1].Select(s => s + " { ")) + c.path[^1] + " = " + c.v + string.Concat(Enumerable.Repeat(" }", c.path.Length - 1));
            return TestHocon.SameTree(TestHocon.Parse(dotted).Root, TestHocon.Parse(nested).Root);
        }));
    }

    private static bool NeverCrashes(string text)
    {
        try
        {
            var config = HoconConfig.Parse(text, TestHocon.Options(TestHocon.Env(("HOME", "/h"))));
            _ = config.Render();
            _ = FtActors.Config.Configuration.HoconConfigurationProvider.Flatten(config.Root);
            return true;
        }
        catch (HoconException e)
        {
            var lines = text.Split('\n');
            var inside = e.Line >= 1 && e.Line <= lines.Length && e.Column >= 1 && e.Column <= lines[e.Line - 1].Length + 1;
            return inside || Fail($"position {e.Line}:{e.Column} outside the input for: {e.Message}\n{text}");
        }
    }

    private static bool Fail(string why) => throw new Xunit.Sdk.XunitException(why);

    private static string Mutate(string text, (int Kind, int Position, int Length, string Insert) m)
    {
        if (text.Length == 0)
        {
            return m.Insert;
        }

        var at = m.Position % text.Length;
        return m.Kind switch
        {
            0 => text.Remove(at, Math.Min(m.Length, text.Length - at)),
            1 => text.Insert(at, m.Insert),
            2 => text[..at],
            _ => text.Remove(at, 1).Insert(Math.Min(text.Length - 1, (at + m.Length) % text.Length), text[at].ToString()),
        };
    }

    // A model tree: objects are key lists, scalars are (kind, text).
    private abstract record Node;

    private sealed record ObjectNode((string Key, Node Value)[] Fields) : Node;

    private sealed record ArrayNode(Node[] Items) : Node;

    private sealed record ScalarNode(HoconValueKind Kind, string Text) : Node;

    private static Gen<Node> RandomScalar()
    {
        var text = Gen.ArrayOf(Gen.Frequency(
                (8, Gen.Elements("abc xyz.:=${}[]\"\\#/\t\n".ToCharArray())),
                (1, Gen.Choose(0, 0xD7FF).Select(i => (char)i))))
            .Select(cs => new string(cs));
        var number =
            from whole in Gen.Choose(-100000, 100000)
            from frac in Gen.Choose(-1, 999)
            from exp in Gen.Choose(-1, 20)
            select whole.ToString(CultureInfo.InvariantCulture)
                + (frac >= 0 ? "." + frac.ToString(CultureInfo.InvariantCulture) : string.Empty)
                + (exp >= 0 ? "e" + exp.ToString(CultureInfo.InvariantCulture) : string.Empty);
        return Gen.OneOf(
            text.Select(t => (Node)new ScalarNode(HoconValueKind.String, t)),
            Gen.Elements("true", "false", "null", "10s", "include").Select(t => (Node)new ScalarNode(HoconValueKind.String, t)),
            number.Select(t => (Node)new ScalarNode(HoconValueKind.Number, t)),
            Gen.Elements("true", "false").Select(t => (Node)new ScalarNode(HoconValueKind.Boolean, t)),
            Gen.Constant((Node)new ScalarNode(HoconValueKind.Null, "null")));
    }

    private static Gen<Node> RandomValue(int depth) => depth <= 0
        ? RandomScalar()
        : Gen.Frequency(
            (4, RandomScalar()),
            (1, RandomObject(depth - 1).Select(o => (Node)o)),
            (1, Gen.ArrayOf(RandomValue(depth - 1)).Select(items => (Node)new ArrayNode(items.Take(5).ToArray()))));

    private static Gen<ObjectNode> RandomObject(int depth)
    {
        var key = Gen.OneOf(
            Gen.Elements("a", "b", "a.b", "", " ", "include", "true", "1.5", "k\"q", "\u00e9t\u00e9", "x y", "${a}", "#"),
            Gen.ArrayOf(Gen.Elements("abcz-_.".ToCharArray())).Select(cs => new string(cs)));
        return
            from fields in Gen.ArrayOf(Gen.Zip(key, RandomValue(depth)))
            select new ObjectNode(fields.DistinctBy(f => f.Item1).Take(6).Select(f => (f.Item1, f.Item2)).ToArray());
    }

    private static string HoconConfigFromTree(ObjectNode tree)
    {
        var sb = new System.Text.StringBuilder();
        Write(tree, sb);
        return sb.ToString();
    }

    private static void Write(Node node, System.Text.StringBuilder sb)
    {
        switch (node)
        {
            case ObjectNode o:
                sb.Append('{');
                foreach (var (k, v) in o.Fields)
                {
                    sb.Append(Quote(k)).Append(" : ");
                    Write(v, sb);
                    sb.Append('\n');
                }

                sb.Append('}');
                break;
            case ArrayNode a:
                sb.Append('[').AppendJoin(", ", a.Items.Select(i =>
                {
                    var inner = new System.Text.StringBuilder();
                    Write(i, inner);
                    return inner.ToString();
                })).Append(']');
                break;
            case ScalarNode { Kind: HoconValueKind.String } s:
                sb.Append(Quote(s.Text));
                break;
            case ScalarNode s:
                sb.Append(s.Text);
                break;
        }
    }

    private static string Quote(string s)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    private static bool MatchesModel(Node model, HoconValue value) => (model, value) switch
    {
        (ObjectNode o, HoconObject h) => o.Fields.Length == h.Count
            && o.Fields.All(f => h.TryGetValue(f.Key, out var child) && MatchesModel(f.Value, child)),
        (ArrayNode a, HoconArray h) => a.Items.Length == h.Count && a.Items.Zip(h).All(p => MatchesModel(p.First, p.Second)),
        (ScalarNode s, HoconScalar h) => s.Kind == h.Kind && s.Text == h.Text,
        _ => false,
    };
}
