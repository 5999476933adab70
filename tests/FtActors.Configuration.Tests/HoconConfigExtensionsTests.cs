namespace FtActors.Configuration.Tests;

/// <summary>Typed reads from Akka's Config by full path, with fallbacks and errors that name the path.</summary>
public class HoconConfigExtensionsTests
{
    private static readonly Akka.Configuration.Config Sample = HoconLoader.Parse("""
        s { text = "a b", n = 42, d = 1.5, on = on, no = no, t = 250 ms, nil = null, empty = [], list = [x, "y z"], obj { k1 = 1, k2 = 2 } }
        """);

    [Fact]
    public void Read_PresentValues_Converted()
    {
        Assert.Equal("a b", Sample.ReadString("s.text", "unset"));
        Assert.Equal(42, Sample.ReadInt("s.n", 0));
        Assert.Equal(1.5, Sample.ReadDouble("s.d", 0));
        Assert.True(Sample.ReadBool("s.on", false));
        Assert.False(Sample.ReadBool("s.no", true));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Sample.ReadDuration("s.t", TimeSpan.Zero));
        Assert.Equal(["x", "y z"], Sample.ReadStringList("s.list", []));
        Assert.Empty(Sample.ReadStringList("s.empty", ["fallback"]));
        Assert.Equal(["k1", "k2"], Sample.ReadKeys("s.obj").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_MissingOrNull_GivesTheFallback()
    {
        Assert.Equal("fb", Sample.ReadString("s.nil", "fb"));
        Assert.Equal(7, Sample.ReadInt("s.missing", 7));
        Assert.Equal(TimeSpan.FromSeconds(9), Sample.ReadDuration("nowhere.at.all", TimeSpan.FromSeconds(9)));
        Assert.Equal(["fb"], Sample.ReadStringList("s.nil", ["fb"]));
        Assert.Empty(Sample.ReadKeys("s.missing"));
        Assert.False(Sample.HasValue("s.nil"));
        Assert.True(Sample.HasValue("s.empty"));
        Assert.Equal(3, Akka.Configuration.Config.Empty.ReadInt("a", 3));
    }

    [Theory]
    [InlineData("s.text", "int", "s.text: expected a 32-bit integer, found 'a b'")]
    [InlineData("s.obj", "string", "s.obj: expected a string, found an object")]
    [InlineData("s.list", "bool", "s.list: expected a boolean, found a list")]
    [InlineData("s.text", "bool", "s.text: expected a boolean (true/false, yes/no, on/off), found 'a b'")]
    [InlineData("s.n", "list", "s.n: expected a list of strings, found '42'")]
    [InlineData("s.n", "keys", "s.n: expected an object, found '42'")]
    [InlineData("s.text", "duration", "s.text: expected a duration such as 10s")]
    [InlineData("s.text", "double", "s.text: expected a number, found 'a b'")]
    public void Read_WrongValue_ErrorSaysPathExpectedAndFound(string path, string kind, string message)
    {
        Action read = kind switch
        {
            "int" => () => Sample.ReadInt(path, 0),
            "string" => () => Sample.ReadString(path, string.Empty),
            "bool" => () => Sample.ReadBool(path, false),
            "list" => () => Sample.ReadStringList(path, []),
            "keys" => () => Sample.ReadKeys(path),
            "duration" => () => Sample.ReadDuration(path, TimeSpan.Zero),
            _ => () => Sample.ReadDouble(path, 0),
        };

        var e = Assert.Throws<ConfigurationException>(read);

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void ReadStringList_NonStringElement_ErrorNamesTheElement()
    {
        var e = Assert.Throws<ConfigurationException>(() => HoconLoader.Parse("l = [a, { b = 1 }]").ReadStringList("l", []));

        Assert.Equal("l.1: expected a string, found an object", e.Message);
    }
}
