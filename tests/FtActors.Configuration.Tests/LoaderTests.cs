namespace FtActors.Configuration.Tests;

/// <summary>Includes relative to the including file, and errors that say where.</summary>
public class LoaderTests
{
    [Fact]
    public void Include_RelativeToTheIncludingFile_NotTheCurrentDirectory()
    {
        using var dir = new TempDir();
        dir.Write("conf/base/defaults.conf", "a { x = 1, y = 2 }\n");
        dir.Write("conf/mid.conf", "include \"base/defaults.conf\"\na.y = 3\n");
        var top = dir.Write("conf/top.conf", "include \"mid.conf\"\na.z = 4\n");

        var c = HoconLoader.LoadFile(top);

        Assert.Equal(1, c.ReadInt("a.x", 0));
        Assert.Equal(3, c.ReadInt("a.y", 0));
        Assert.Equal(4, c.ReadInt("a.z", 0));
    }

    [Fact]
    public void Include_ValuesAfterItWin_ValuesBeforeItLose()
    {
        using var dir = new TempDir();
        dir.Write("d.conf", "a = from-include\nb = from-include\n");
        var top = dir.Write("t.conf", "a = before\ninclude \"d.conf\"\nb = after\n");

        var c = HoconLoader.LoadFile(top);

        Assert.Equal("from-include", c.ReadString("a", "unset"));
        Assert.Equal("after", c.ReadString("b", "unset"));
    }

    [Fact]
    public void Include_InsideAnObject_LandsUnderIt()
    {
        using var dir = new TempDir();
        dir.Write("inner.conf", "x = 1\ny = ${x}\n");
        var top = dir.Write("t.conf", "outer { include \"inner.conf\" }\n");

        var c = HoconLoader.LoadFile(top);

        Assert.Equal(1, c.ReadInt("outer.y", 0));
        Assert.False(c.HasValue("x"));
    }

    [Fact]
    public void Parse_TextWithBaseDirectory_ResolvesIncludesThere()
    {
        using var dir = new TempDir();
        dir.Write("d.conf", "a = 1\n");

        var c = HoconLoader.Parse("include \"d.conf\"\nb = 2", "inline", dir.Path);

        Assert.Equal(1, c.ReadInt("a", 0));
        Assert.Equal(2, c.ReadInt("b", 0));
    }

    [Fact]
    public void Include_MissingFile_ErrorNamesIncludingFileLineAndMissingFile()
    {
        using var dir = new TempDir();
        var top = dir.Write("t.conf", "# defaults come from nope.conf\na = 1\n  include \"nope.conf\"\n");

        var e = Assert.Throws<ConfigurationException>(() => HoconLoader.LoadFile(top));

        Assert.Equal(top, e.File);
        Assert.Equal((3, 11), (e.Line, e.Column));
        Assert.Contains(Path.Combine(dir.Path, "nope.conf"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_Cycle_IsAnErrorNotARecursion()
    {
        using var dir = new TempDir();
        dir.Write("a.conf", "include \"b.conf\"\n");
        dir.Write("b.conf", "include \"a.conf\"\n");

        var e = Assert.Throws<ConfigurationException>(() => HoconLoader.LoadFile(Path.Combine(dir.Path, "a.conf")));

        Assert.Contains("cycle", e.Reason, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(dir.Path, "b.conf"), e.File);
    }

    [Fact]
    public void BrokenFile_ErrorNamesFileLineAndColumn()
    {
        using var dir = new TempDir();
        var path = dir.Write("node.conf", "a {\n  b = 1\n  c = @@@\n}\n");

        var e = Assert.Throws<ConfigurationException>(() => HoconLoader.LoadFile(path));

        Assert.Equal(path, e.File);
        Assert.Equal((3, 7), (e.Line, e.Column));
        Assert.StartsWith($"{path}:3:7: expected HOCON that Akka's parser accepts, found: Unknown token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenIncludedFile_ErrorNamesTheIncludedFile()
    {
        using var dir = new TempDir();
        dir.Write("sub/d.conf", "x = 1\ny = @@@\n");
        var top = dir.Write("t.conf", "include \"sub/d.conf\"\n");

        var e = Assert.Throws<ConfigurationException>(() => HoconLoader.LoadFile(top));

        Assert.Equal(Path.Combine(dir.Path, "sub/d.conf"), e.File);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void UnresolvedSubstitution_ErrorPointsAtIt()
    {
        var e = Assert.Throws<ConfigurationException>(() => HoconLoader.Parse("a = 1\nb = ${nope.x}\n", "test.conf"));

        Assert.Equal("nope.x", e.Path);
        Assert.Equal((2, 5), (e.Line, e.Column));
        Assert.StartsWith("test.conf:2:5: expected a value for substitution ${nope.x}, found none", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("include required(file(\"reference.conf\"))", 1, 1)]
    [InlineData("a = 1\n  include file(\"x.conf\")", 2, 3)]
    [InlineData("include required(\"x\")", 1, 1)]
    public void UnsupportedInclude_RefusedInsteadOfBecomingAKey(string text, int line, int column)
    {
        var e = Assert.Throws<ConfigurationException>(() => HoconLoader.Parse(text, "t.conf"));

        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains("expected include \"file.conf\"", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionalSubstitution_RefusedInsteadOfSilentlyEmptyingTheValue()
    {
        var e = Assert.Throws<ConfigurationException>(() => HoconLoader.Parse("port = 2552\nport = ${?FTACTORS_PORT}\n", "t.conf"));

        Assert.Equal((2, 8), (e.Line, e.Column));
        Assert.Contains("FTACTORS__", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# include required(file(\"x\")) and ${?X} in a comment\na = 1")]
    [InlineData("a = 1 // ${?X}")]
    [InlineData("include = 1")]
    [InlineData("include { x = 1 }")]
    public void GuardedSyntax_InCommentsOrAsAKeyName_IsAccepted(string text)
    {
        var c = HoconLoader.Parse(text);

        Assert.False(c.IsEmpty);
    }

    [Fact]
    public void LoadFile_Missing_ErrorNamesFile()
    {
        var e = Assert.Throws<ConfigurationException>(() => HoconLoader.LoadFile("/nonexistent/x.conf"));

        Assert.Equal("/nonexistent/x.conf", e.File);
        Assert.Contains("to exist, found none", e.Message, StringComparison.Ordinal);
    }
}
