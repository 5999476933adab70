namespace FtActors.Config.Tests;

public class StringsTests
{
    [Fact]
    public void Parse_QuotedEscapes_AreDecoded()
    {
        var c = TestHocon.Parse(@"s = ""q\"" b\\ s\/ \b\f\n\r\t u\u00e9\u0041""");
        Assert.Equal("q\" b\\ s/ \b\f\n\r\t u\u00e9A", c.GetString("s"));
    }

    [Fact]
    public void Parse_UnquotedString_KeepsInnerWhitespaceAndTrimsEnds()
    {
        var c = TestHocon.Parse("a =   foo bar  baz   \nb = foo\tbar");
        Assert.Equal("foo bar  baz", c.GetString("a"));
        Assert.Equal("foo\tbar", c.GetString("b"));
    }

    [Fact]
    public void Parse_UnquotedAndQuotedWithSameText_AreEqual()
    {
        TestHocon.AssertSame("a = \"foo bar\"", "a = foo bar");
    }

    [Fact]
    public void Parse_TripleQuoted_KeepsNewlinesAndEscapesVerbatim()
    {
        var c = TestHocon.Parse("a = \"\"\"line1\n  line2 \\n \"quoted\" \"\"\"");
        Assert.Equal("line1\n  line2 \\n \"quoted\" ", c.GetString("a"));
    }

    [Fact]
    public void Parse_TripleQuotedWithExtraQuotes_ExtraQuotesBelongToString()
    {
        // The spec: """foo"""" is the four-character string foo".
        var c = TestHocon.Parse("a = \"\"\"foo\"\"\"\"");
        Assert.Equal("foo\"", c.GetString("a"));
    }

    [Fact]
    public void Parse_KeywordPrefixes_ConcatenateToStrings()
    {
        var c = TestHocon.Parse("a = truefoo\nb = footrue\nc = 10.0bar\nd = bar10.0\ne = nullable");
        Assert.Equal("truefoo", c.GetString("a"));
        Assert.Equal("footrue", c.GetString("b"));
        Assert.Equal("10.0bar", c.GetString("c"));
        Assert.Equal("bar10.0", c.GetString("d"));
        Assert.Equal("nullable", c.GetString("e"));
        Assert.Equal(HoconValueKind.String, c.GetValue("a")!.Kind);
    }

    [Fact]
    public void Parse_NumbersBooleansNull_KeepTheirTypes()
    {
        var c = TestHocon.Parse("i = 42\nn = -3\nf = 1.5e3\nt = true\nff = false\nz = null");
        Assert.Equal(HoconValueKind.Number, c.GetValue("i")!.Kind);
        Assert.Equal(42, c.GetInt("i"));
        Assert.Equal(-3L, c.GetLong("n"));
        Assert.Equal(1500.0, c.GetDouble("f"));
        Assert.Equal("1.5e3", c.GetString("f"));
        Assert.True(c.GetBool("t"));
        Assert.False(c.GetBool("ff"));
        Assert.Equal(HoconValueKind.Null, c.GetValue("z")!.Kind);
        Assert.False(c.HasPath("z"));
    }

    [Fact]
    public void GetBool_YesNoOnOffStrings_Convert()
    {
        var c = TestHocon.Parse("a = yes\nb = off\nc = on\nd = no\ne = maybe");
        Assert.True(c.GetBool("a"));
        Assert.False(c.GetBool("b"));
        Assert.True(c.GetBool("c"));
        Assert.False(c.GetBool("d"));
        var e = Assert.Throws<HoconException>(() => c.GetBool("e"));
        Assert.Contains("found 'maybe'", e.Message, StringComparison.Ordinal);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void Parse_UnquotedUnicodeAndNonBreakingSpace_NbspIsWhitespace()
    {
        var c = TestHocon.Parse("a = h\u00e9llo\u00a0w\u00f6rld");
        Assert.Equal("h\u00e9llo\u00a0w\u00f6rld", c.GetString("a"));
        var d = TestHocon.Parse("a =\u00a0x\u00a0");
        Assert.Equal("x", d.GetString("a"));
    }

    [Fact]
    public void Parse_CarriageReturnNewlines_AreAccepted()
    {
        var c = TestHocon.Parse("a = 1\r\nb = two words\r\n");
        Assert.Equal(1, c.GetInt("a"));
        Assert.Equal("two words", c.GetString("b"));
    }

    [Fact]
    public void Parse_IncludeAsValue_IsPlainString()
    {
        var c = TestHocon.Parse("foo = include\nbar = [ include ]\n\"include\" = 42\nbaz include = 1");
        Assert.Equal("include", c.GetString("foo"));
        Assert.Equal(["include"], c.GetStringList("bar"));
        Assert.Equal(42, c.GetInt("\"include\""));
        Assert.Equal(1, c.GetInt("\"baz include\""));
    }
}
