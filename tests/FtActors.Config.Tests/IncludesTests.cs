namespace FtActors.Config.Tests;

public class IncludesTests
{
    private static HoconConfig ParseFile(string path, IReadOnlyDictionary<string, string>? env = null) =>
        HoconConfig.ParseFile(path, TestHocon.Options(env));

    [Fact]
    public void Include_QuotedFile_MergesFieldsAtIncludePoint()
    {
        using var dir = new TempDir();
        dir.Write("base.conf", "a = 1\nb { x = 1, y = 2 }");
        var main = dir.Write("main.conf", "a = 0\ninclude \"base.conf\"\nb { y = 3 }");
        var c = ParseFile(main);
        Assert.Equal(1, c.GetInt("a"));
        Assert.Equal(1, c.GetInt("b.x"));
        Assert.Equal(3, c.GetInt("b.y"));
    }

    [Fact]
    public void Include_FileAndRequiredSyntaxes_AllWork()
    {
        using var dir = new TempDir();
        dir.Write("one.conf", "one = 1");
        dir.Write("two.conf", "two = 2");
        dir.Write("three.conf", "three = 3");
        var main = dir.Write("main.conf", "include file(\"one.conf\")\ninclude required(file(\"two.conf\"))\ninclude required( \"three.conf\" )");
        var c = ParseFile(main);
        Assert.Equal(1, c.GetInt("one"));
        Assert.Equal(2, c.GetInt("two"));
        Assert.Equal(3, c.GetInt("three"));
    }

    [Fact]
    public void Include_RelativeToIncludingFile_NotCurrentDirectory()
    {
        using var dir = new TempDir();
        dir.Write("conf/sub/leaf.conf", "leaf = yes");
        dir.Write("conf/mid.conf", "include \"sub/leaf.conf\"\nmid = 1");
        var main = dir.Write("main.conf", "include \"conf/mid.conf\"");
        var c = ParseFile(main);
        Assert.True(c.GetBool("leaf"));
        Assert.Equal(1, c.GetInt("mid"));
    }

    [Fact]
    public void Include_MissingOptional_IsIgnored()
    {
        using var dir = new TempDir();
        var main = dir.Write("main.conf", "include \"nope.conf\"\na = 1");
        Assert.Equal(1, ParseFile(main).GetInt("a"));
    }

    [Fact]
    public void Include_MissingRequired_ErrorAtIncludeLine()
    {
        using var dir = new TempDir();
        var main = dir.Write("main.conf", "a = 1\ninclude required(file(\"nope.conf\"))");
        var e = Assert.Throws<HoconException>(() => ParseFile(main));
        Assert.Equal(main, e.File);
        Assert.Equal(2, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("required include \"nope.conf\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_UrlAndClasspath_AreRefusedClearly()
    {
        var e = TestHocon.Fails("include url(\"http://example.invalid/x.conf\")");
        Assert.Contains("include url", e.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", e.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", TestHocon.Fails("include classpath(\"x.conf\")").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_InsideObject_FixesUpSubstitutions()
    {
        // The spec's example: ${x} in foo.conf becomes ${a.x} when included under a.
        using var dir = new TempDir();
        dir.Write("foo.conf", "{ x : 10, y : ${x} }");
        var main = dir.Write("main.conf", "a : { include \"foo.conf\" }\na : { x : 42 }");
        var c = ParseFile(main);
        Assert.Equal(42, c.GetInt("a.x"));
        Assert.Equal(42, c.GetInt("a.y"));
    }

    [Fact]
    public void Include_FixedUpSubstitutionMissing_FallsBackToRootPath()
    {
        using var dir = new TempDir();
        dir.Write("foo.conf", "y : ${top}");
        var main = dir.Write("main.conf", "top = 7\na { include \"foo.conf\" }");
        Assert.Equal(7, ParseFile(main).GetInt("a.y"));
    }

    [Fact]
    public void Include_IncludingFileOverridesLaterAndIncludedOverridesEarlier()
    {
        using var dir = new TempDir();
        dir.Write("inc.conf", "k = included");
        var main = dir.Write("main.conf", "k = before\ninclude \"inc.conf\"\nj = ${k}");
        Assert.Equal("included", ParseFile(main).GetString("j"));
        var main2 = dir.Write("main2.conf", "include \"inc.conf\"\nk = after");
        Assert.Equal("after", ParseFile(main2).GetString("k"));
    }

    [Fact]
    public void Include_ArrayRootInIncludedFile_IsAnError()
    {
        using var dir = new TempDir();
        dir.Write("arr.conf", "[1, 2]");
        var main = dir.Write("main.conf", "include \"arr.conf\"");
        var e = Assert.Throws<HoconException>(() => ParseFile(main));
        Assert.EndsWith("arr.conf", e.File, StringComparison.Ordinal);
        Assert.Contains("expected an object at the root", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_Cycle_IsAnError()
    {
        using var dir = new TempDir();
        dir.Write("a.conf", "include \"b.conf\"");
        dir.Write("b.conf", "include \"a.conf\"");
        var e = Assert.Throws<HoconException>(() => ParseFile(System.IO.Path.Combine(dir.Path, "a.conf")));
        Assert.Contains("including itself", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_ErrorInIncludedFile_ReportsThatFileAndLine()
    {
        using var dir = new TempDir();
        dir.Write("bad.conf", "ok = 1\nbroken = ]");
        var main = dir.Write("main.conf", "include \"bad.conf\"");
        var e = Assert.Throws<HoconException>(() => ParseFile(main));
        Assert.EndsWith("bad.conf", e.File, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
        Assert.Equal(10, e.Column);
    }

    [Fact]
    public void Include_WithoutName_IsAnError()
    {
        var e = TestHocon.Fails("include = 5");
        Assert.Contains("after include", e.Message, StringComparison.Ordinal);
        Assert.Contains("found '='", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_FromStringUsesBaseDirectory()
    {
        using var dir = new TempDir();
        dir.Write("x.conf", "x = 1");
        var c = HoconConfig.Parse("include \"x.conf\"", TestHocon.Options(baseDirectory: dir.Path));
        Assert.Equal(1, c.GetInt("x"));
    }

    [Fact]
    public void Include_ExtensionlessName_FindsConfFile()
    {
        using var dir = new TempDir();
        dir.Write("reference.conf", "r = 1");
        var main = dir.Write("main.conf", "include \"reference\"");
        Assert.Equal(1, ParseFile(main).GetInt("r"));
    }
}
