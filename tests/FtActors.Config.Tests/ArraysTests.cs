namespace FtActors.Config.Tests;

public class ArraysTests
{
    [Fact]
    public void Parse_TrailingComma_IsIgnored()
    {
        TestHocon.AssertSame("a = [1,2,3]", "a = [1,2,3,]");
        TestHocon.AssertSame("a = [1,2,3]", "a = [1\n2\n3]");
    }

    [Theory]
    [InlineData("a = [1,2,3,,]", 1, 12)]
    [InlineData("a = [,1,2,3]", 1, 6)]
    [InlineData("a = [1,,2,3]", 1, 8)]
    public void Parse_BadCommas_ErrorAtTheComma(string text, int line, int column)
    {
        var e = TestHocon.Fails(text);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains("found ','", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedAndEmptyArrays_KeepShape()
    {
        var c = TestHocon.Parse("a = [[], [1, [2]], {x = 1}]\nb = []");
        var a = c.GetList("a");
        Assert.Equal(3, a.Count);
        Assert.Empty((HoconArray)a[0]);
        Assert.IsType<HoconObject>(a[2]);
        Assert.Empty(c.GetList("b"));
    }

    [Fact]
    public void Parse_PlusEquals_AppendsAndStartsArray()
    {
        var c = TestHocon.Parse("a += 1\na += 2\nb = [x]\nb += y");
        Assert.Equal(["1", "2"], c.GetStringList("a"));
        Assert.Equal(["x", "y"], c.GetStringList("b"));
    }

    [Fact]
    public void Parse_PlusEqualsOnNonArray_IsAnError()
    {
        var e = TestHocon.Fails("a = 1\na += 2");
        Assert.Contains("expected only strings", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PlusEqualsInsideObject_AppendsToEarlierDefinition()
    {
        var c = TestHocon.Parse("x { list = [a] }\nx { list += b }");
        Assert.Equal(["a", "b"], c.GetStringList("x.list"));
    }

    [Fact]
    public void Parse_OptionalSubstitutionUndefinedInArray_ElementIsDropped()
    {
        var c = TestHocon.Parse("a = [1, ${?nope}, 3]");
        Assert.Equal(["1", "3"], c.GetStringList("a"));
    }

    [Fact]
    public void GetList_NumericallyIndexedObject_ConvertsSortedIgnoringOtherKeys()
    {
        var c = TestHocon.Parse("foo.1 = b\nfoo.0 = a\nfoo.10 = c\nfoo.x = ignored");
        Assert.Equal(["a", "b", "c"], c.GetStringList("foo"));
    }

    [Fact]
    public void Parse_ArrayAtRoot_IsRefused()
    {
        var e = TestHocon.Fails("[1, 2]");
        Assert.Equal(1, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("expected an object at the root", e.Message, StringComparison.Ordinal);
    }
}
