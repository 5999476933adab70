namespace FtActors.Config.Tests;

public class ErrorsTests
{
    [Theory]
    [InlineData("a {\n  b = 1\n  ]\n}", 3, 3, "expected '}' or a key, found ']'")]
    [InlineData("a = 1\n}", 2, 1, "expected a key or end of input, found '}'")]
    [InlineData("a {\n b = 1\n", 3, 1, "expected '}' or a key, found end of input")]
    [InlineData("a = [1, 2", 1, 10, "expected ',', a new line or ']' after an array element, found end of input")]
    [InlineData("a = ", 1, 5, "expected a value for 'a', found end of input")]
    [InlineData("a = \"open", 1, 10, "expected '\"' to close the string, found end of input")]
    [InlineData("a = \"line\nbreak\"", 1, 10, "expected '\"' to close the string, found end of line")]
    [InlineData("a = \"bad \\q escape\"", 1, 10, "expected one of")]
    [InlineData("a = \"\\u12\"", 1, 6, "expected four hex digits after \\u")]
    [InlineData("a = \"\"\"never closed", 1, 5, "expected '\"\"\"' to close the multi-line string")]
    [InlineData("a = ${b", 1, 8, "expected '}' to close the substitution")]
    [InlineData("a = ${}", 1, 5, "expected a path, found nothing")]
    [InlineData("a = ${b\n}", 1, 8, "expected a path or '}' in the substitution, found end of line")]
    [InlineData("a = b c\nd e", 2, 4, "expected ':', '=', '+=' or '{' after the key 'd e', found end of input")]
    [InlineData("a = 1 = 2", 1, 7, "expected ',', a new line or end of input after the value of 'a', found '='")]
    [InlineData("url = http://x", 1, 11, "expected ',', a new line or end of input after the value of 'url', found ':'")]
    [InlineData("a = $b", 1, 5, "expected '${' to start a substitution, found '$'")]
    [InlineData("a = b + c", 1, 7, "expected '+=', found '+'")]
    [InlineData("a = x`y", 1, 6, "'`' is reserved in HOCON")]
    [InlineData("a = ?", 1, 5, "'?' is reserved in HOCON")]
    [InlineData("{ a = 1 } b = 2", 1, 11, "expected end of input after the root object, found 'b'")]
    [InlineData("a { b = 1 },, c = 2", 1, 13, "expected a key or end of input, found ','")]
    [InlineData("a = \"x\u0001\"", 1, 7, "expected an escape such as \\t, found control character U+0001")]
    public void Parse_MalformedInput_ReportsExactPositionAndReason(string text, int line, int column, string reason)
    {
        var e = TestHocon.Fails(text);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Equal("test.conf", e.File);
        Assert.StartsWith(reason, e.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"test.conf:{line}:{column}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorInsideNestedField_CarriesPath()
    {
        var e = TestHocon.Fails("cluster {\n  seeds = [a]\n  roles : x y }\n  z = ] \n}");
        Assert.Equal(4, e.Line);
        Assert.Equal("z", e.Path);
        var nested = TestHocon.Fails("a {\n  b = 1\n  c = [1,,2]\n}");
        Assert.Equal("a.c", nested.Path);
        Assert.Equal(3, nested.Line);
        Assert.Equal(10, nested.Column);
        var concat = TestHocon.Fails("x.y = [1] {}");
        Assert.Equal("x.y", concat.Path);
    }

    [Fact]
    public void Parse_TooDeepNesting_IsAHoconException()
    {
        var text = "a = " + new string('[', 5000) + new string(']', 5000);
        var e = TestHocon.Fails(text);
        Assert.Contains("levels of nested", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedSubstitutionOpeners_IsAHoconException()
    {
        var e = TestHocon.Fails("a = " + string.Concat(Enumerable.Repeat("${", 100_000)));
        Assert.Equal(1, e.Line);
        Assert.Equal(7, e.Column);
        Assert.Contains("cannot be nested", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_VeryLongKeyPath_IsAHoconException()
    {
        var e = TestHocon.Fails(string.Join('.', Enumerable.Repeat("a", 100_000)) + " = 1\n");
        Assert.Equal(1, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("levels deep", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithoutSourceName_UsesTextMarker()
    {
        var e = Assert.Throws<HoconException>(() => HoconConfig.Parse("a = ]"));
        Assert.StartsWith("<text>:1:5: ", e.Message, StringComparison.Ordinal);
        Assert.Null(e.File);
    }

    [Fact]
    public void ParseFile_Missing_IsHoconExceptionNamingFile()
    {
        var e = Assert.Throws<HoconException>(() => HoconConfig.ParseFile("/nonexistent/dir/node.conf"));
        Assert.Equal("/nonexistent/dir/node.conf", e.File);
    }

    [Fact]
    public void Getters_WrongTypes_SayExpectedAndFound()
    {
        var c = TestHocon.Parse("s = hello\no { }\nl = [1]\nn = null\nbig = 99999999999");
        Assert.Contains("expected an integer at 's', found 'hello'", Assert.Throws<HoconException>(() => c.GetInt("s")).Message, StringComparison.Ordinal);
        Assert.Contains("expected a string at 'o', found an object", Assert.Throws<HoconException>(() => c.GetString("o")).Message, StringComparison.Ordinal);
        Assert.Contains("found an array", Assert.Throws<HoconException>(() => c.GetConfig("l")).Message, StringComparison.Ordinal);
        Assert.Contains("found null", Assert.Throws<HoconException>(() => c.GetString("n")).Message, StringComparison.Ordinal);
        Assert.Contains("32-bit", Assert.Throws<HoconException>(() => c.GetInt("big")).Message, StringComparison.Ordinal);
        Assert.Equal(99_999_999_999L, c.GetLong("big"));
        Assert.Contains("empty path element", Assert.Throws<HoconException>(() => c.GetString("a..b")).Message, StringComparison.Ordinal);
    }
}
