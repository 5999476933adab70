using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace FtActors.Health.Tests;

public class FailurePredictionJsonTests
{
    [Fact]
    public void Serialize_Prediction_StableFieldNamesAndVersion()
    {
        var p = new FailurePrediction("cn17", new DateTimeOffset(2026, 11, 22, 4, 10, 0, TimeSpan.Zero), 0.9, "fan failed", "policy:ipmi/FAN2");

        var json = Encoding.UTF8.GetString(FailurePredictionJson.Serialize(p));

        Assert.Equal("""{"node":"cn17","expectedFailureUtc":"2026-11-22T04:10:00+00:00","confidence":0.9,"reason":"fan failed","source":"policy:ipmi/FAN2","version":1}""", json);
        Assert.Equal("ft.failure-prediction/1", FailurePrediction.ManifestName);
    }

    [Fact]
    public void Deserialize_AnyPrediction_RoundTrips()
    {
        var gen = from node in ArbMap.Default.GeneratorFor<NonEmptyString>()
                  from reason in ArbMap.Default.GeneratorFor<string>()
                  from secs in Gen.Choose(0, int.MaxValue)
                  from conf in Gen.Choose(0, 1000)
                  select new FailurePrediction(node.Get.Trim().Length == 0 ? "n" : node.Get, DateTimeOffset.UnixEpoch.AddSeconds(secs), conf / 1000.0, reason ?? string.Empty, "s");
        Prop.ForAll(gen.ToArbitrary(), p => FailurePredictionJson.Deserialize(FailurePredictionJson.Serialize(p)) == p).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("""{"node":"n","expectedFailureUtc":"2026-11-22T04:10:00Z","confidence":0.5,"reason":"r","source":"s","version":2}""", "expected version 1, found 2")]
    [InlineData("""{"node":"","expectedFailureUtc":"2026-11-22T04:10:00Z","confidence":0.5,"reason":"r","source":"s","version":1}""", "expected a node name")]
    [InlineData("""{"node":"n","expectedFailureUtc":"2026-11-22T04:10:00Z","confidence":1.5,"reason":"r","source":"s","version":1}""", "expected confidence in [0, 1], found 1.5")]
    [InlineData("""{"node":"n","expectedFailureUtc":"2026-11-22T04:10:00Z","confidence":0.5,"reason":"r","source":"s"}""", "expected version 1, found none")]
    [InlineData("{\n\"node\": }", "invalid JSON at line 2")]
    public void Deserialize_Invalid_ErrorSaysWhatAndWhere(string json, string expected)
    {
        var ex = Assert.Throws<HealthFormatException>(() => FailurePredictionJson.Deserialize(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
