namespace FtActors.Config.Tests;

public class ObjectMergingTests
{
    [Fact]
    public void Parse_DuplicateObjects_Merge()
    {
        TestHocon.AssertSame("{ \"foo\" : { \"a\" : 42, \"b\" : 43 } }", "{ \"foo\" : { \"a\" : 42 }, \"foo\" : { \"b\" : 43 } }");
    }

    [Fact]
    public void Parse_NullBetweenObjects_PreventsMerge()
    {
        TestHocon.AssertSame("{ \"foo\" : { \"b\" : 43 } }", "{ \"foo\" : { \"a\" : 42 }, \"foo\" : null, \"foo\" : { \"b\" : 43 } }");
    }

    [Fact]
    public void Parse_DuplicateScalar_LaterWins()
    {
        var c = TestHocon.Parse("a = 1\na = 2\nb = {x = 1}\nb = 3");
        Assert.Equal(2, c.GetInt("a"));
        Assert.Equal(3, c.GetInt("b"));
    }

    [Fact]
    public void Parse_DeepMerge_KeepsUntouchedFields()
    {
        var c = TestHocon.Parse("a { b { c = 1, d = 2 } }\na { b { d = 3, e = 4 } }");
        Assert.Equal(1, c.GetInt("a.b.c"));
        Assert.Equal(3, c.GetInt("a.b.d"));
        Assert.Equal(4, c.GetInt("a.b.e"));
    }

    [Fact]
    public void Parse_SeparatorOmittedBeforeBrace_MeansObject()
    {
        TestHocon.AssertSame("\"foo\" : {}", "\"foo\" {}");
        TestHocon.AssertSame("a = { b = 1 }", "a { b : 1 }");
    }

    [Fact]
    public void Parse_RootBracesOptional_SameDocument()
    {
        TestHocon.AssertSame("{ a = 1, b = { c = 2 } }", "a = 1\nb { c = 2 }");
    }

    [Fact]
    public void Parse_CommasOptionalWithNewlines_TrailingCommaAllowed()
    {
        TestHocon.AssertSame("{ a = 1, b = 2 }", "{ a = 1\n b = 2, }");
    }

    [Fact]
    public void WithFallback_MergesObjectsAndLetsReceiverWin()
    {
        var node = TestHocon.Parse("a { x = 1 }\nb = 2");
        var reference = TestHocon.Parse("a { x = 0, y = 5 }\nb = 0\nc = 7");
        var merged = node.WithFallback(reference);
        Assert.Equal(1, merged.GetInt("a.x"));
        Assert.Equal(5, merged.GetInt("a.y"));
        Assert.Equal(2, merged.GetInt("b"));
        Assert.Equal(7, merged.GetInt("c"));
    }

    [Fact]
    public void Parse_SubstitutionOverObject_MergesWhenItResolvesToObject()
    {
        var c = TestHocon.Parse("foo = { a = 1 }\nfoo = ${bar}\nbar = { b = 2 }");
        Assert.Equal(1, c.GetInt("foo.a"));
        Assert.Equal(2, c.GetInt("foo.b"));
    }

    [Fact]
    public void Parse_HiddenSubstitution_IsNeverEvaluated()
    {
        var c = TestHocon.Parse("foo : ${does-not-exist}\nfoo : 42\nbar : ${bar}\nbar : 1");
        Assert.Equal(42, c.GetInt("foo"));
        Assert.Equal(1, c.GetInt("bar"));
    }
}
