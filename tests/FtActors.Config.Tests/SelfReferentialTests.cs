namespace FtActors.Config.Tests;

public class SelfReferentialTests
{
    [Fact]
    public void Parse_StringSelfReference_AppendsToEarlierValue()
    {
        var c = TestHocon.Parse("path : \"a:b:c\"\npath : ${path}\":d\"");
        Assert.Equal("a:b:c:d", c.GetString("path"));
    }

    [Fact]
    public void Parse_SelfReferenceWithoutEarlierValue_IsUndefinedError()
    {
        var e = TestHocon.Fails("foo : ${foo}");
        Assert.Contains("has no earlier value", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Line);
        Assert.Equal(7, e.Column);
    }

    [Fact]
    public void Parse_OptionalSelfReferenceAlone_FieldDisappears()
    {
        var c = TestHocon.Parse("foo : ${?foo}");
        Assert.False(c.Root.ContainsKey("foo"));
    }

    [Fact]
    public void Parse_OptionalSelfReferenceInConcatenation_LooksBackToUndefined()
    {
        var c = TestHocon.Parse("a = ${?a}foo");
        Assert.Equal("foo", c.GetString("a"));
    }

    [Fact]
    public void Parse_SelfReferenceToObject_MergesEarlierObject()
    {
        var c = TestHocon.Parse("foo : { a : 1 }\nfoo : ${foo}");
        Assert.Equal(1, c.GetInt("foo.a"));
    }

    [Fact]
    public void Parse_SelfReferenceBeforeDefinition_IsUndefined()
    {
        var e = TestHocon.Fails("foo : ${foo}\nfoo : { a : 1 }");
        Assert.Contains("${foo}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SelfReferenceIntoPath_LooksBelow()
    {
        // The spec's example: ${foo.a} sees { c : 1 }, the final merge is { a : 2, c : 1 }.
        TestHocon.AssertSame("foo { a : 2, c : 1 }", "foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");
    }

    [Fact]
    public void Parse_SelfReferenceInsideLaterBlock_SeesValueFromEarlierBlock()
    {
        var c = TestHocon.Parse("x { path = \"/a\" }\nx { path = ${x.path}\":/b\" }");
        Assert.Equal("/a:/b", c.GetString("x.path"));
    }

    [Fact]
    public void Parse_SelfReferenceViaPathKey_AppendsArray()
    {
        var c = TestHocon.Parse("a.b = [1]\na.b = ${a.b} [2]");
        Assert.Equal(["1", "2"], c.GetStringList("a.b"));
    }

    [Fact]
    public void Parse_SelfReferenceThenLaterOverride_LaterWins()
    {
        var c = TestHocon.Parse("a = 1\na = ${a}2\na = 3");
        Assert.Equal(3, c.GetInt("a"));
    }

    [Fact]
    public void Parse_SelfReferenceFallsBackToEnvironment_WhenNoEarlierValue()
    {
        var c = TestHocon.Parse("PATH = ${PATH}\":/opt/bin\"", TestHocon.Env(("PATH", "/usr/bin")));
        Assert.Equal("/usr/bin:/opt/bin", c.GetString("PATH"));
    }

    [Fact]
    public void Parse_IndirectSelfReference_LooksBackInMergeStack()
    {
        var c = TestHocon.Parse("a = 1\nb = ${a}\na = ${b}");
        Assert.Equal(1, c.GetInt("a"));
        Assert.Equal(1, c.GetInt("b"));
    }

    [Fact]
    public void Parse_SpecOrderDependentCase_BothFieldsGetTheSameValue()
    {
        // "a : 1, b : 2, a : ${b}, b : ${a}": either 1 or 2 is allowed, but both must agree.
        var c = TestHocon.Parse("a : 1\nb : 2\na : ${b}\nb : ${a}");
        Assert.Equal(c.GetInt("a"), c.GetInt("b"));
    }

    [Fact]
    public void Parse_IndirectSelfReferenceWithoutEarlierValue_IsACycle()
    {
        var e = TestHocon.Fails("a = ${b}\nb = ${a}x\na = ${b}");
        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
    }
}
