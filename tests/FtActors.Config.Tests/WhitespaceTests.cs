namespace FtActors.Config.Tests;

/// <summary>The spec's whitespace set, and newline (only '\n') as the field separator.</summary>
public class WhitespaceTests
{
    public static TheoryData<char> SpecWhitespace() =>
    [
        '\t', '\v', '\f', '\r', '\u001C', '\u001D', '\u001E', '\u001F', ' ', '\u00A0', '\u2007', '\u202F',
        '\u2028', '\u2029', '\uFEFF', '\u3000',
    ];

    [Theory]
    [MemberData(nameof(SpecWhitespace))]
    public void Parse_SpecWhitespaceAroundTokens_IsIgnored(char ws)
    {
        var c = TestHocon.Parse($"{ws}a{ws}={ws}1{ws},{ws}b{ws}{{{ws}c{ws}:{ws}x{ws}}}{ws}");
        Assert.Equal(1, c.GetInt("a"));
        Assert.Equal("x", c.GetString("b.c"));
    }

    [Theory]
    [MemberData(nameof(SpecWhitespace))]
    public void Parse_SpecWhitespaceInsideConcatenation_IsKept(char ws)
    {
        var c = TestHocon.Parse($"a = x{ws}y");
        Assert.Equal($"x{ws}y", c.GetString("a"));
    }

    [Fact]
    public void Parse_OnlyAsciiNewlineSeparatesFields()
    {
        // U+2028 is whitespace, not a newline: "1 b" is one concatenated value, and "= 2" then has no key.
        var c = TestHocon.Parse("a = 1\u2028b");
        Assert.Equal("1\u2028b", c.GetString("a"));
        var e = TestHocon.Fails("a = 1\u2028b = 2");
        Assert.Equal(9, e.Column);
        Assert.Contains("found '='", e.Message, StringComparison.Ordinal);
        Assert.Equal(["1", "2"], TestHocon.Parse("c = [1\n2]").GetStringList("c"));
    }

    [Fact]
    public void Parse_IncludeWithNewlineBeforeName_IsAllowed()
    {
        using var dir = new TempDir();
        dir.Write("x.conf", "x = 1");
        var c = HoconConfig.Parse("include\n  \"x.conf\"\ny = 2", TestHocon.Options(baseDirectory: dir.Path));
        Assert.Equal(1, c.GetInt("x"));
        Assert.Equal(2, c.GetInt("y"));
    }

    [Fact]
    public void Parse_NewlineAfterSeparator_ValueOnNextLine()
    {
        var c = TestHocon.Parse("a =\n  1\nb :\n\n  [2]");
        Assert.Equal(1, c.GetInt("a"));
        Assert.Single(c.GetList("b"));
    }
}
