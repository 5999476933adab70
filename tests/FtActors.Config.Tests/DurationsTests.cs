namespace FtActors.Config.Tests;

public class DurationsTests
{
    [Theory]
    [InlineData("10s", 10_000.0)]
    [InlineData("250 ms", 250.0)]
    [InlineData("2 minutes", 120_000.0)]
    [InlineData("1d", 86_400_000.0)]
    [InlineData("3h", 10_800_000.0)]
    [InlineData("1.5s", 1_500.0)]
    [InlineData("  7 seconds  ", 7_000.0)]
    [InlineData("100", 100.0)]
    [InlineData("500us", 0.5)]
    [InlineData("2000000ns", 2.0)]
    [InlineData("1 millisecond", 1.0)]
    [InlineData("1 micro", 0.001)]
    [InlineData("-5s", -5_000.0)]
    public void ParseDuration_SpecUnits_Convert(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond)), HoconValues.ParseDuration(text));
    }

    [Fact]
    public void ParseDuration_EveryUnitSpelling_IsAccepted()
    {
        string[] all = ["ns", "nano", "nanos", "nanosecond", "nanoseconds", "us", "micro", "micros", "microsecond", "microseconds",
            "ms", "milli", "millis", "millisecond", "milliseconds", "s", "second", "seconds", "m", "minute", "minutes",
            "h", "hour", "hours", "d", "day", "days"];
        foreach (var unit in all)
        {
            Assert.True(HoconValues.TryParseDuration("1" + unit, out _), unit);
        }
    }

    [Theory]
    [InlineData("10S")]
    [InlineData("10 sec")]
    [InlineData("s")]
    [InlineData("")]
    [InlineData("1 2s")]
    [InlineData("ten seconds")]
    [InlineData("99999999999999d")]
    public void ParseDuration_BadText_ThrowsWithWhatWasFound(string text)
    {
        var e = Assert.Throws<HoconException>(() => HoconValues.ParseDuration(text));
        Assert.Contains("expected a duration", e.Message, StringComparison.Ordinal);
        Assert.False(HoconValues.TryParseDuration(text, out _));
    }

    [Fact]
    public void GetDuration_NumberValue_IsMilliseconds()
    {
        var c = TestHocon.Parse("a = 250\nb = 1s\nc = \"2 minutes\"");
        Assert.Equal(TimeSpan.FromMilliseconds(250), c.GetDuration("a"));
        Assert.Equal(TimeSpan.FromSeconds(1), c.GetDuration("b"));
        Assert.Equal(TimeSpan.FromMinutes(2), c.GetDuration("c"));
    }

    [Fact]
    public void GetDuration_BadValue_ErrorHasPathAndPosition()
    {
        var c = TestHocon.Parse("x {\n  timeout = soon\n}");
        var e = Assert.Throws<HoconException>(() => c.GetDuration("x.timeout"));
        Assert.Equal("x.timeout", e.Path);
        Assert.Equal(2, e.Line);
        Assert.Equal(13, e.Column);
        Assert.StartsWith("test.conf:2:13: expected a duration", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetDuration_Missing_UsesDefaultOrThrows()
    {
        var c = TestHocon.Parse("a = 1");
        Assert.Equal(TimeSpan.FromSeconds(3), c.GetDuration("nope", TimeSpan.FromSeconds(3)));
        var e = Assert.Throws<HoconException>(() => c.GetDuration("nope"));
        Assert.Equal("nope", e.Path);
    }
}
