namespace FtActors.Config.Tests;

/// <summary>The spec's "automatic type conversions" for typed getters.</summary>
public class ConversionsTests
{
    [Fact]
    public void GetString_NumberAndBoolean_ConvertToText()
    {
        var c = TestHocon.Parse("n = 1.50\nb = false");
        Assert.Equal("1.50", c.GetString("n"));
        Assert.Equal("false", c.GetString("b"));
    }

    [Fact]
    public void GetNumbers_FromStrings_ParseWithJsonRules()
    {
        var c = TestHocon.Parse("i = \"42\"\nd = \"2.5e1\"\nw = 3.0\nf = 3.5");
        Assert.Equal(42, c.GetInt("i"));
        Assert.Equal(25.0, c.GetDouble("d"));
        Assert.Equal(3L, c.GetLong("w"));
        Assert.Throws<HoconException>(() => c.GetLong("f"));
    }

    [Fact]
    public void Getters_NullValue_IsAnErrorNotAConversion()
    {
        var c = TestHocon.Parse("n = null");
        Assert.Throws<HoconException>(() => c.GetInt("n"));
        Assert.Throws<HoconException>(() => c.GetBool("n"));
        Assert.Throws<HoconException>(() => c.GetDuration("n"));
        Assert.Equal("fallback", c.GetString("n", "fallback"));
    }

    [Fact]
    public void GetList_ScalarOrEmptyObject_IsNotConvertedToArray()
    {
        var c = TestHocon.Parse("s = x\no = {}\nk { a = 1 }");
        Assert.Throws<HoconException>(() => c.GetList("s"));
        Assert.Throws<HoconException>(() => c.GetList("o"));
        Assert.Throws<HoconException>(() => c.GetList("k"));
    }

    [Fact]
    public void GetConfig_ReturnsSubtreeWithRelativePaths()
    {
        var c = TestHocon.Parse("ftactors.cluster { id = x, roles = [a] }");
        var cluster = c.GetConfig("ftactors.cluster");
        Assert.Equal("x", cluster.GetString("id"));
        Assert.Equal(["a"], cluster.GetStringList("roles"));
    }

    [Fact]
    public void Render_ResolvedConfig_ParsesBackEqual()
    {
        var c = TestHocon.Parse("a { b = [1, \"two\", { c = null }], d = \"q\\\"uote\\n\" }\ne = 1e5\n\"k.dot\" = true");
        var again = TestHocon.Parse(c.Render());
        Assert.True(TestHocon.SameTree(c.Root, again.Root));
        Assert.Equal("1e5", again.GetString("e"));
    }
}
