using FsCheck;
using FsCheck.Fluent;

namespace FtActors.Store.Tests;

public class ByteSizeTests
{
    [Theory]
    [InlineData("4096", 4096)]
    [InlineData("256MiB", 256L << 20)]
    [InlineData("1.5 GiB", 3L << 29)]
    [InlineData("64k", 65536)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("2T", 2L << 40)]
    public void TryParse_OperatorSizes_Bytes(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out long bytes, out _));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("-5M")]
    [InlineData("12 parsecs")]
    [InlineData("99999999999999999999TiB")]
    public void TryParse_NotASize_FalseWithReasonQuotingInput(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _, out string error));
        Assert.Contains($"'{text}'", error);
    }

    [Fact]
    public void TryParse_RandomStrings_NeverThrows()
    {
        Gen<string> texts = Gen.Elements("1", "2.5", "MiB", "GiB", "K", "B", " ", "x", "-", ".", "9999999999", "e3")
            .ArrayOf().Select(parts => string.Concat(parts));
        Prop.ForAll(texts.ToArbitrary(), t =>
        {
            bool ok = ByteSize.TryParse(t, out long bytes, out string error);
            Assert.True(ok ? bytes >= 0 && error.Length == 0 : error.Length > 0);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void TryParse_WholeMebibytes_RoundTripThroughNumberAndSuffix()
    {
        Prop.ForAll(Gen.Choose(0, 1 << 20).ToArbitrary(), n =>
        {
            Assert.True(ByteSize.TryParse($"{n}MiB", out long bytes, out _));
            Assert.Equal((long)n << 20, bytes);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
