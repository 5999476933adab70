namespace FtActors.Configuration.Tests;

/// <summary>Durations and sizes as Akka's getters read them, with FtActors' errors.</summary>
public class UnitsTests
{
    public static TheoryData<string, long> Durations => new()
    {
        { "1s", TimeSpan.TicksPerSecond },
        { "250 ms", 250 * TimeSpan.TicksPerMillisecond },
        { "250", 250 * TimeSpan.TicksPerMillisecond },
        { "1.5s", 15 * TimeSpan.TicksPerSecond / 10 },
        { "2 minutes", 2 * TimeSpan.TicksPerMinute },
        { "1 hour", TimeSpan.TicksPerHour },
        { "1h", TimeSpan.TicksPerHour },
        { "1d", TimeSpan.TicksPerDay },
        { "10 micros", 100 },
        { "500 ns", 5 },
        { " 3s ", 3 * TimeSpan.TicksPerSecond },
    };

    public static TheoryData<string, long> Sizes => new()
    {
        { "8 MiB", 8L << 20 },
        { "256 KiB", 256L << 10 },
        { "4k", 4096 },
        { "4K", 4096 },
        { "1 GB", 1_000_000_000 },
        { "3 kB", 3000 },
        { "512 bytes", 512 },
        { "10", 10 },
        { "1 gibibyte", 1L << 30 },
        { "2 EiB", 2L << 60 },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void ParseDuration_AkkaUnits_Read(string text, long ticks)
    {
        Assert.Equal(TimeSpan.FromTicks(ticks), HoconUnits.ParseDuration(text));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]        // Akka reads no negative durations
    [InlineData("10us")]       // Akka's parser matches "us" but has no case for it
    [InlineData("5 S")]        // units are lowercase
    [InlineData("infinite")]   // Akka's -1 ms "infinite" is refused here
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("99999999999999999999d")]
    [InlineData("")]
    [InlineData("null")]
    public void ParseDuration_NotADuration_ConfigurationExceptionSaysExpectedAndFound(string text)
    {
        var e = Assert.Throws<ConfigurationException>(() => HoconUnits.ParseDuration(text));

        Assert.StartsWith("expected a duration such as 10s", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"found '{text}'", e.Message, StringComparison.Ordinal);
        Assert.False(HoconUnits.TryParseDuration(text, out _));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void ParseSize_AkkaUnits_Read(string text, long bytes)
    {
        Assert.Equal(bytes, HoconUnits.ParseSize(text));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("1.5 MiB")]    // Akka reads whole numbers only
    [InlineData("1gbit")]
    [InlineData("8 mib")]
    [InlineData("")]
    public void ParseSize_NotASize_ConfigurationExceptionSaysExpectedAndFound(string text)
    {
        var e = Assert.Throws<ConfigurationException>(() => HoconUnits.ParseSize(text));

        Assert.StartsWith("expected a size such as 128MiB", e.Message, StringComparison.Ordinal);
        Assert.False(HoconUnits.TryParseSize(text, out _));
    }

    [Theory]
    [InlineData("99999999999 EiB")]
    [InlineData("9223372036854775807 KiB")]
    [InlineData("-9 EiB")]
    public void ParseSize_BeyondSixtyFourBits_RefusedWhereAkkaWouldWrapAround(string text)
    {
        var e = Assert.Throws<ConfigurationException>(() => HoconUnits.ParseSize(text));

        Assert.Equal($"expected a size that fits in 64 bits, found '{text}'", e.Message);
    }

    [Fact]
    public void ParseSize_LargestThatFits_Read()
    {
        Assert.Equal(7L << 60, HoconUnits.ParseSize("7 EiB"));
        Assert.Equal(long.MaxValue, HoconUnits.ParseSize("9223372036854775807"));
    }
}
