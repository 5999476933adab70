namespace FtActors.Config.Tests;

public class SizesTests
{
    [Theory]
    [InlineData("128MiB", 128L * 1024 * 1024)]
    [InlineData("1 GB", 1_000_000_000L)]
    [InlineData("4k", 4096L)]
    [InlineData("4K", 4096L)]
    [InlineData("512 bytes", 512L)]
    [InlineData("1 byte", 1L)]
    [InlineData("10B", 10L)]
    [InlineData("10b", 10L)]
    [InlineData("1kB", 1000L)]
    [InlineData("1 kilobytes", 1000L)]
    [InlineData("1 kibibyte", 1024L)]
    [InlineData("1Ki", 1024L)]
    [InlineData("256 KiB", 262_144L)]
    [InlineData("8 MiB", 8_388_608L)]
    [InlineData("2m", 2_097_152L)]
    [InlineData("1.5K", 1536L)]
    [InlineData("1 TB", 1_000_000_000_000L)]
    [InlineData("1 TiB", 1_099_511_627_776L)]
    [InlineData("1 PiB", 1_125_899_906_842_624L)]
    [InlineData("1 EB", 1_000_000_000_000_000_000L)]
    [InlineData("5e", 5L * 1_152_921_504_606_846_976L)]
    [InlineData("1024", 1024L)]
    public void ParseSize_SpecUnits_Convert(string text, long bytes)
    {
        Assert.Equal(bytes, HoconValues.ParseSize(text));
    }

    [Theory]
    [InlineData("1 KB")]
    [InlineData("1 ZiB")]
    [InlineData("1 Mb ")]
    [InlineData("12 MiBs")]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("16 EiB")]
    public void ParseSize_BadOrOverflowingText_Throws(string text)
    {
        var e = Assert.Throws<HoconException>(() => HoconValues.ParseSize(text));
        Assert.Contains("expected a size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSize_NumberAndStringValues_Convert()
    {
        var c = TestHocon.Parse("frame { control = 256 KiB, page = 8MiB, raw = 100 }");
        Assert.Equal(262_144L, c.GetSize("frame.control"));
        Assert.Equal(8_388_608L, c.GetSize("frame.page"));
        Assert.Equal(100L, c.GetSize("frame.raw"));
    }

    [Fact]
    public void GetSize_ObjectValue_ErrorSaysFoundAnObject()
    {
        var c = TestHocon.Parse("a { b = 1 }");
        var e = Assert.Throws<HoconException>(() => c.GetSize("a"));
        Assert.Contains("found an object", e.Message, StringComparison.Ordinal);
    }
}
