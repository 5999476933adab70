using FsCheck;
using FsCheck.Fluent;
using FtActors.Admin;
using FtActors.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>The node's own settings and the shell's --node parser: values, errors, and no crash on any input.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("1gbit", 125_000_000)]
    [InlineData("10 Gbit", 1_250_000_000)]
    [InlineData("100mbit", 12_500_000)]
    [InlineData("125000000", 125_000_000)]
    public void Read_LinkRate_BytesPerSecond(string text, double expected)
    {
        var settings = NodeRuntimeSettings.Read(Config(("ftactors:node:link-rate", text)), "10.0.0.1", ["compute"]);

        Assert.Equal(expected, settings.LinkBytesPerSecond);
    }

    [Fact]
    public void Read_Defaults_LoopbackAdminReceiverOnlyOnSpares()
    {
        var compute = NodeRuntimeSettings.Read(Config(("ftactors:node:name", "cn1")), "10.0.0.1", ["compute"]);
        var spare = NodeRuntimeSettings.Read(Config(), "10.0.0.2", ["spare"]);

        Assert.Equal("cn1", compute.Name);
        Assert.Equal("127.0.0.1", compute.HttpHost.ToString());
        Assert.Equal(9464, compute.HttpPort);
        Assert.False(compute.ReceiverEnabled);
        Assert.True(spare.ReceiverEnabled);
        Assert.Equal("10.0.0.2", spare.ReceiverHost);
        Assert.Equal(7700, spare.ReceiverPort);
    }

    [Fact]
    public void Read_BadRate_ErrorNamesKeyExpectedAndFound()
    {
        var e = Assert.Throws<ConfigurationException>(() => NodeRuntimeSettings.Read(Config(("ftactors:node:link-rate", "fast")), "h", []));

        Assert.Equal("ftactors.node.link-rate: expected a rate such as 1gbit, 100mbit or 125 MB (bytes per second), found \"fast\"", e.Message);
    }

    [Fact]
    public void Read_StaticGuestWithoutRamFile_ErrorNamesTheEntry()
    {
        var e = Assert.Throws<ConfigurationException>(() => NodeRuntimeSettings.Read(Config(("ftactors:guests:static:0:name", "g"), ("ftactors:guests:static:0:qmp", "/q")), "h", []));

        Assert.Equal("ftactors.guests.static[0].ram-file: expected the guest's shared RAM file, found nothing", e.Message);
    }

    [Fact]
    public void Read_RandomRateText_ParsesOrThrowsConfigurationExceptionOnly()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            try
            {
                var s = NodeRuntimeSettings.Read(Config(("ftactors:node:link-rate", text ?? string.Empty)), "h", []);
                return s.LinkBytesPerSecond >= 0;
            }
            catch (ConfigurationException e)
            {
                return e.Message.StartsWith("ftactors.node.link-rate: expected", StringComparison.Ordinal);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("127.0.0.1:9500", "http://127.0.0.1:9500/")]
    [InlineData("node7", "http://node7:9464/")]
    [InlineData("http://10.0.0.1:80", "http://10.0.0.1/")]
    [InlineData("https://admin.example:8443/", "https://admin.example:8443/")]
    public void ParseNode_Forms_Url(string text, string expected) =>
        Assert.Equal(expected, AdminClient.ParseNode(text).AbsoluteUri);

    [Fact]
    public void ParseNode_RandomAndMutatedText_UrlOrAdminClientExceptionOnly()
    {
        var gen = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>(),
            ArbMap.Default.GeneratorFor<string>().Select(s => "http://127.0.0.1:" + s),
            ArbMap.Default.GeneratorFor<string>().Select(s => s + ":9464"));
        Prop.ForAll(gen.ToArbitrary(), text =>
        {
            try
            {
                var uri = AdminClient.ParseNode(text ?? string.Empty);
                return uri.Scheme is "http" or "https";
            }
            catch (AdminClientException e)
            {
                return e.Message.StartsWith("--node: expected a URL", StringComparison.Ordinal);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("Preparing", 0.05)]
    [InlineData("Round(0)", 0.1 + (0.7 / 7))]
    [InlineData("Round(6)", 0.8)]
    [InlineData("StopAndCopy", 0.85)]
    [InlineData("Committing", 0.95)]
    public void PhaseProgress_States_Increase(string state, double expected) =>
        Assert.Equal(expected, NodeActor.PhaseProgress(state, 6), 9);

    [Fact]
    public void RoundProgress_WithinARound_MovesForwardAndMeetsTheRoundsEnd()
    {
        Prop.ForAll(Gen.Choose(0, 8).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (round, a, b) =>
        {
            var (lo, hi) = (Math.Min(a, b) / 1000.0, Math.Max(a, b) / 1000.0);
            var early = NodeActor.RoundProgress(round, lo, 6);
            var late = NodeActor.RoundProgress(round, hi, 6);
            // Forward within the round, never past the next round's start, inside the rounds' share of the bar.
            return early <= late && late <= NodeActor.RoundProgress(round + 1, 0, 6) + 1e-12 && early >= 0.1 && late <= 0.8 + 1e-12
                && Math.Abs(NodeActor.RoundProgress(round, 1, 6) - NodeActor.PhaseProgress($"Round({round})", 6)) < 1e-12;
        }).QuickCheckThrowOnFailure();
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
