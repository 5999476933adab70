namespace FtActors.Config.Tests;

public class SubstitutionTests
{
    [Fact]
    public void Parse_SubstitutionLooksForward_UsesFinalValue()
    {
        var c = TestHocon.Parse("a = ${b}\nb = 1\nb = 2");
        Assert.Equal(2, c.GetInt("a"));
    }

    [Fact]
    public void Parse_SubstitutionAlone_KeepsType()
    {
        var c = TestHocon.Parse("n = 5\nb = true\no { x = 1 }\nl = [1]\nn2 = ${n}\nb2 = ${b}\no2 = ${o}\nl2 = ${l}");
        Assert.Equal(HoconValueKind.Number, c.GetValue("n2")!.Kind);
        Assert.Equal(HoconValueKind.Boolean, c.GetValue("b2")!.Kind);
        Assert.Equal(1, c.GetInt("o2.x"));
        Assert.Single(c.GetList("l2"));
    }

    [Fact]
    public void Parse_MissingRequiredSubstitution_ErrorNamesItAndPosition()
    {
        var e = TestHocon.Fails("a = 1\nb = ${nope.x}");
        Assert.Equal(2, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Equal("nope.x", e.Path);
        Assert.StartsWith("test.conf:2:5: expected a value for substitution ${nope.x}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OptionalUndefined_FieldIsNotCreatedAndEarlierValueRemains()
    {
        var c = TestHocon.Parse("foo : ${?bar}\nkeep = 1\nkeep = ${?nothing}\nfoo2 : ${?bar}${?baz}");
        Assert.False(c.Root.ContainsKey("foo"));
        Assert.False(c.Root.ContainsKey("foo2"));
        Assert.Equal(1, c.GetInt("keep"));
    }

    [Fact]
    public void Parse_OptionalUndefinedInStringConcatenation_BecomesEmpty()
    {
        var c = TestHocon.Parse("a = x${?nope}y\nb = [1] ${?nope}\nc = {p=1} ${?nope}");
        Assert.Equal("xy", c.GetString("a"));
        Assert.Single(c.GetList("b"));
        Assert.Equal(1, c.GetInt("c.p"));
    }

    [Fact]
    public void Parse_EnvironmentFallback_UsedWhenPathMissing()
    {
        var env = TestHocon.Env(("HOME", "/home/ft"), ("EMPTY", string.Empty));
        var c = TestHocon.Parse("home = ${HOME}\nopt = ${?HOME}\nempty = ${?EMPTY}\nmissing = ${?NOT_SET}", env);
        Assert.Equal("/home/ft", c.GetString("home"));
        Assert.Equal("/home/ft", c.GetString("opt"));
        Assert.Equal(string.Empty, c.GetString("empty"));
        Assert.False(c.Root.ContainsKey("missing"));
    }

    [Fact]
    public void Parse_ConfigValueShadowsEnvironment_NullBlocksIt()
    {
        var env = TestHocon.Env(("HOME", "/home/ft"), ("USER", "env-user"));
        var c = TestHocon.Parse("HOME = null\nUSER = cfg-user\na = ${HOME}\nb = ${USER}", env);
        Assert.Equal(HoconValueKind.Null, c.GetValue("a")!.Kind);
        Assert.Equal("cfg-user", c.GetString("b"));
    }

    [Fact]
    public void Parse_ObjectReferringToOwnField_Works()
    {
        var c = TestHocon.Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }");
        Assert.Equal(42, c.GetInt("bar.baz"));
        var d = TestHocon.Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }\nbar : { foo : 43 }");
        Assert.Equal(43, d.GetInt("bar.baz"));
    }

    [Fact]
    public void Parse_MutuallyReferringObjects_LookForward()
    {
        var c = TestHocon.Parse("bar : { a : ${foo.d}, b : 1 }\nbar.b = 3\nfoo : { c : ${bar.b}, d : 2 }\nfoo.d = 4");
        Assert.Equal(4, c.GetInt("bar.a"));
        Assert.Equal(3, c.GetInt("foo.c"));
    }

    [Fact]
    public void Parse_TwoStepCycle_IsAnErrorNamingTheChain()
    {
        var e = TestHocon.Fails("bar : ${foo}\nfoo : ${bar}");
        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
        Assert.Contains("${foo}", e.Message, StringComparison.Ordinal);
        Assert.Contains("${bar}", e.Message, StringComparison.Ordinal);
        Assert.True(e.Line is 1 or 2);
    }

    [Fact]
    public void Parse_ThreeStepCycle_IsAnError()
    {
        var e = TestHocon.Fails("a : ${b}\nb : ${c}\nc : ${a}");
        Assert.Contains("cycle: ${b} -> ${c} -> ${a}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ObjectContainingReferenceToItself_IsAnError()
    {
        Assert.Contains("cycle", TestHocon.Fails("a : { b : ${a} }").Message, StringComparison.Ordinal);
        Assert.Contains("cycle", TestHocon.Fails("a : [${a}]").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OptionalCycle_TreatedAsUndefined()
    {
        var c = TestHocon.Parse("a : ${?b}\nb : ${?a}\nc = 1");
        Assert.False(c.Root.ContainsKey("a"));
        Assert.False(c.Root.ContainsKey("b"));
        Assert.Equal(1, c.GetInt("c"));
    }

    [Fact]
    public void Parse_SubstitutionNotParsedInQuotes_StaysLiteral()
    {
        var c = TestHocon.Parse("a = \"${b}\"");
        Assert.Equal("${b}", c.GetString("a"));
    }

    [Fact]
    public void Parse_SubstitutionInKey_IsRefused()
    {
        var e = TestHocon.Fails("${a} = 1");
        Assert.Equal(1, e.Column);
        Assert.Contains("substitutions are not allowed in keys", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameSubstitutionResolvedOnce_BothUsesAgree()
    {
        var c = TestHocon.Parse("x = ${?HOSTNAME}\na = ${x}\nb = ${x}", TestHocon.Env(("HOSTNAME", "n1")));
        Assert.Equal("n1", c.GetString("a"));
        Assert.Equal("n1", c.GetString("b"));
    }

    [Fact]
    public void Parse_LongChain_ResolvesWithoutStackTrouble()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"k{i} = ${{k{i + 1}}}").Append("k300 = end");
        var c = TestHocon.Parse(string.Join('\n', lines));
        Assert.Equal("end", c.GetString("k0"));
    }

    [Fact]
    public void Parse_OverlyLongChain_IsAHoconException()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => $"k{i} = ${{k{i + 1}}}").Append("k5000 = end");
        var e = TestHocon.Fails(string.Join('\n', lines));
        Assert.Contains("nest at most", e.Message, StringComparison.Ordinal);
    }
}
