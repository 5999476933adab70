namespace FtActors.Config.Tests;

public class PathsTests
{
    [Fact]
    public void Parse_PathKeys_ExpandToNestedObjects()
    {
        TestHocon.AssertSame("foo { bar : 42 }", "foo.bar : 42");
        TestHocon.AssertSame("foo { bar { baz : 42 } }", "foo.bar.baz : 42");
        TestHocon.AssertSame("a { x : 42, y : 43 }", "a.x : 42, a.y : 43");
    }

    [Fact]
    public void Parse_WhitespaceInKey_IsPartOfKey()
    {
        TestHocon.AssertSame("\"a b c\" : 42", "a b c : 42");
    }

    [Fact]
    public void Parse_NonStringKeys_BecomeStrings()
    {
        TestHocon.AssertSame("\"true\" : 42", "true : 42");
        TestHocon.AssertSame("\"3\" : 42", "3 : 42");
        TestHocon.AssertSame("\"3\" : { \"14\" : 42 }", "3.14 : 42");
    }

    [Fact]
    public void Parse_QuotedDots_AreNotSeparators()
    {
        var c = TestHocon.Parse("foo.bar.\"hello.world\" = 1");
        var bar = (HoconObject)c.GetValue("foo.bar")!;
        Assert.True(bar.ContainsKey("hello.world"));
        Assert.Equal(1, c.GetInt("foo.bar.\"hello.world\""));
    }

    [Fact]
    public void Parse_NumberPaths_UseOriginalText()
    {
        var c = TestHocon.Parse("10.0foo = a\nfoo10.0 = b\nfoo\"10.0\" = c\n1.2.3 = d");
        Assert.Equal("a", c.GetString("10.0foo"));
        Assert.Equal("b", c.GetString("foo10.0"));
        Assert.True(((HoconObject)c.GetValue("\"10\"")!).ContainsKey("0foo"));
        Assert.True(c.Root.ContainsKey("foo10.0"));
        Assert.Equal("d", c.GetString("1.2.3"));
    }

    [Fact]
    public void Parse_EmptyQuotedElement_IsAllowed()
    {
        var c = TestHocon.Parse("a.\"\".b = 1");
        Assert.Equal(1, c.GetInt("a.\"\".b"));
    }

    [Theory]
    [InlineData("a..b = 1", 1, 1)]
    [InlineData(".a = 1", 1, 1)]
    [InlineData("a. = 1", 1, 1)]
    public void Parse_EmptyUnquotedElement_IsAnError(string text, int line, int column)
    {
        var e = TestHocon.Fails(text);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains("empty path element", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PathKeyEqualsNestedBraces_Property()
    {
        TestHocon.AssertSame("a { b { c = v } }", "a.b.c = v");
    }
}
