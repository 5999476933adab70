namespace FtActors.Config.Tests;

public class ConcatenationTests
{
    [Fact]
    public void Parse_SimpleValuesOnOneLine_ConcatenateWithWhitespace()
    {
        var c = TestHocon.Parse("a = true foo 1.0 null \"x y\"");
        Assert.Equal("true foo 1.0 null x y", c.GetString("a"));
    }

    [Fact]
    public void Parse_SingleTrue_StaysBoolean()
    {
        var c = TestHocon.Parse("a = true\nb = [true]");
        Assert.Equal(HoconValueKind.Boolean, c.GetValue("a")!.Kind);
        Assert.Equal(HoconValueKind.Boolean, c.GetList("b")[0].Kind);
    }

    [Fact]
    public void Parse_SubstitutionInsideString_Concatenates()
    {
        var c = TestHocon.Parse("animal.favorite = dog\nkey : ${animal.favorite} is my favorite animal\nk2 : ${animal.favorite}\" is my favorite animal\"");
        Assert.Equal("dog is my favorite animal", c.GetString("key"));
        Assert.Equal("dog is my favorite animal", c.GetString("k2"));
    }

    [Fact]
    public void Parse_ObjectConcatenation_MergesLikeDuplicateKeys()
    {
        TestHocon.AssertSame("a : { b : 1, c : 2 }", "a : { b : 1 } { c : 2 }");
        TestHocon.AssertSame("a : { b : 1, c : 2 }", "a : { b : 1 }\na : { c : 2 }");
    }

    [Fact]
    public void Parse_ArrayConcatenation_Appends()
    {
        TestHocon.AssertSame("a : [ 1, 2, 3, 4 ]", "a : [ 1, 2 ] [ 3, 4 ]");
        TestHocon.AssertSame("a : [ 1, 2, 3, 4 ]", "a : [ 1, 2 ]\na : ${a} [ 3, 4 ]");
    }

    [Fact]
    public void Parse_ObjectInheritance_MergesSubstitutedObject()
    {
        var c = TestHocon.Parse("data-center-generic = { cluster-size = 6 }\ndata-center-east = ${data-center-generic} { name = \"east\" }");
        Assert.Equal(6, c.GetInt("data-center-east.cluster-size"));
        Assert.Equal("east", c.GetString("data-center-east.name"));
    }

    [Fact]
    public void Parse_PathAppendIdiom_BuildsArray()
    {
        var c = TestHocon.Parse("path = [ /bin ]\npath = ${path} [ /usr/bin ]");
        Assert.Equal(["/bin", "/usr/bin"], c.GetStringList("path"));
    }

    [Fact]
    public void Parse_ObjectWithString_IsAnErrorAtTheString()
    {
        var e = TestHocon.Fails("a = { x = 1 } foo");
        Assert.Equal(1, e.Line);
        Assert.Equal(15, e.Column);
        Assert.Equal("test.conf:1:15: expected only objects in this value concatenation because it starts with an object, found a string", e.Message);
    }

    [Fact]
    public void Parse_SubstitutedArrayWithString_IsAnError()
    {
        var e = TestHocon.Fails("a = [1]\nb = ${a} foo");
        Assert.Equal(2, e.Line);
        Assert.Equal(10, e.Column);
        Assert.Contains("test.conf:2:10: expected only arrays in this value concatenation because its first part ${a} is an array, found a string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuotedWhitespaceBetweenObjects_IsAnError()
    {
        TestHocon.Fails("a = {x=1}\nb = {y=1}\nc = ${a}\" \"${b}");
    }

    [Fact]
    public void Parse_UnquotedWhitespaceBetweenObjectSubstitutions_IsIgnored()
    {
        var c = TestHocon.Parse("a = {x=1}\nb = {y=2}\nc = ${a} ${b}");
        Assert.Equal(1, c.GetInt("c.x"));
        Assert.Equal(2, c.GetInt("c.y"));
    }

    [Fact]
    public void Parse_ArraysWithoutCommas_WhitespaceConcatenates()
    {
        var c = TestHocon.Parse("a = [ 1 2 3 4 ]\nb = [ 1\n 2\n 3\n 4 ]\nc = [ [ 1, 2 ] [ 3, 4 ] ]\nd = [ [ 1, 2 ]\n [ 3, 4 ] ]");
        Assert.Equal(["1 2 3 4"], c.GetStringList("a"));
        Assert.Equal(["1", "2", "3", "4"], c.GetStringList("b"));
        Assert.Single(c.GetList("c"));
        Assert.Equal(4, ((HoconArray)c.GetList("c")[0]).Count);
        Assert.Equal(2, c.GetList("d").Count);
    }

    [Fact]
    public void Parse_ConcatenationInArrayElements_ResolvesEach()
    {
        var c = TestHocon.Parse("name = Ann\nworld = Earth\na = [ This is an unquoted string my name is ${name}, Hello ${world} ]");
        Assert.Equal(["This is an unquoted string my name is Ann", "Hello Earth"], c.GetStringList("a"));
    }

    [Fact]
    public void Parse_NumberTextInConcatenation_KeepsOriginalSpelling()
    {
        var c = TestHocon.Parse("n = 1e5\ns = ${n} units");
        Assert.Equal("1e5 units", c.GetString("s"));
    }
}
