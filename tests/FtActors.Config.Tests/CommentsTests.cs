namespace FtActors.Config.Tests;

public class CommentsTests
{
    [Fact]
    public void Parse_HashAndSlashComments_AreIgnored()
    {
        var c = TestHocon.Parse("""
            # leading comment
            a = 1 # trailing hash
            b = 2 // trailing slashes
            // whole line
            c = "x # not a comment // neither"
            """);
        Assert.Equal(1, c.GetInt("a"));
        Assert.Equal(2, c.GetInt("b"));
        Assert.Equal("x # not a comment // neither", c.GetString("c"));
        Assert.Equal(3, c.Root.Count);
    }

    [Fact]
    public void Parse_CommentEndsUnquotedString_ValueIsTrimmed()
    {
        var c = TestHocon.Parse("path = /usr/lib//comment\nurl = a/b#c");
        Assert.Equal("/usr/lib", c.GetString("path"));
        Assert.Equal("a/b", c.GetString("url"));
    }

    [Fact]
    public void Parse_CommentInsideArrayAndObject_IsIgnored()
    {
        var c = TestHocon.Parse("a = [ 1 # one\n 2 // two\n ]\nb { # open\n x = 1 # x\n }");
        Assert.Equal(["1", "2"], c.GetStringList("a"));
        Assert.Equal(1, c.GetInt("b.x"));
    }

    [Fact]
    public void Parse_OnlyComments_IsEmptyObject()
    {
        var c = TestHocon.Parse("# nothing\n// here\n");
        Assert.Empty(c.Root);
    }
}
