using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace FtActors.Metrics.Tests;

/// <summary>
/// What a scrape of a <see cref="MetricsRegistry"/> renders (prometheus-net's text exporter), read back with the
/// strict parser written from the format description: the project's families and label values survive exactly.
/// </summary>
public class ExpositionTests
{
    [Fact]
    public async Task Render_CounterGaugeHistogram_StrictParserReadsEveryValue()
    {
        var reg = new MetricsRegistry();
        reg.CreateCounter("ftactors_health_polls_total", "Health polls completed.").WithLabels().Inc(3);
        var g = reg.CreateGauge("ftactors_health_reading", "Last value.", "check", "source");
        g.WithLabels("hwmon/coretemp/Core \"0\"", "hwmon").Set(61.5);
        g.WithLabels("a\\b\nc", "x").Set(double.NaN);
        var h = reg.CreateHistogram("ftactors_health_poll_duration_seconds", "Poll time.", [0.01, 0.1]);
        h.WithLabels().Observe(0.005);
        h.WithLabels().Observe(0.05);
        h.WithLabels().Observe(3);

        var text = await reg.RenderAsync();

        Assert.Contains("ftactors_health_reading{check=\"a\\\\b\\nc\",source=\"x\"} NaN\n", text, StringComparison.Ordinal);
        var parsed = StrictExpositionParser.Parse(text).ToDictionary(f => f.Name);
        Assert.Equal(["ftactors_health_polls_total", "ftactors_health_reading", "ftactors_health_poll_duration_seconds"], parsed.Keys);
        Assert.Equal("counter", parsed["ftactors_health_polls_total"].Type);
        Assert.Equal(3, parsed["ftactors_health_polls_total"].Samples.Single().Value);
        Assert.Equal("Last value.", parsed["ftactors_health_reading"].Help);
        var readings = parsed["ftactors_health_reading"].Samples.ToDictionary(s => s.Labels["check"], s => s.Value);
        Assert.Equal(61.5, readings["hwmon/coretemp/Core \"0\""]);
        Assert.True(double.IsNaN(readings["a\\b\nc"]));
        var hist = parsed["ftactors_health_poll_duration_seconds"];
        Assert.Equal("histogram", hist.Type);
        var buckets = hist.Samples.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToDictionary(s => s.Labels["le"], s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["0.01"] = 1, ["0.1"] = 2, ["+Inf"] = 3 }, buckets);
        Assert.Equal(3.055, hist.Samples.Single(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)).Value, 9);
        Assert.Equal(3, hist.Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void Registry_InvalidNamesHelpAndMismatchedLabels_Rejected()
    {
        var reg = new MetricsRegistry();

        Assert.Throws<ArgumentException>(() => reg.CreateGauge("9bad", "x"));
        Assert.Throws<ArgumentException>(() => reg.CreateGauge("ok", "x", "__reserved"));
        Assert.Throws<ArgumentException>(() => reg.CreateHistogram("h", "x", [1], "le"));
        Assert.ThrowsAny<ArgumentException>(() => reg.CreateHistogram("h2", "x", [2, 1]));
        var help = Assert.Throws<ArgumentException>(() => reg.CreateGauge("h3", "two\nlines"));
        Assert.Contains("expected no backslash or line break, found a line break at character 3", help.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => reg.CreateGauge("h4", "back\\slash"));
        var g = reg.CreateGauge("g", "x", "a");
        Assert.ThrowsAny<ArgumentException>(() => g.WithLabels("1", "2"));
        Assert.ThrowsAny<InvalidOperationException>(() => reg.CreateCounter("g", "x", "a"));
        Assert.Same(g, reg.CreateGauge("g", "x", "a"));
        Assert.ThrowsAny<ArgumentException>(() => reg.CreateCounter("c", "x").WithLabels().Inc(-1));
    }

    [Fact]
    public void Render_AnyRegistryContents_StrictParserAcceptsAndLabelValuesRoundTrip()
    {
        var labelValue = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty),
            Gen.ArrayOf(Gen.Elements("\\", "\"", "\n", "a", "{", "}", ",", "=", " ", "é", "\\n")).Select(a => string.Concat(a)));
        var value = Gen.OneOf(
            ArbMap.Default.GeneratorFor<double>(),
            Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-300, double.MaxValue));
        var series = from kind in Gen.Choose(0, 2)
                     from labels in Gen.ArrayOf(labelValue, 2)
                     from values in Gen.ArrayOf(value)
                     select (kind, labels, values);
        Prop.ForAll(Gen.ArrayOf(series).ToArbitrary(), all =>
        {
            var reg = new MetricsRegistry();
            var c = reg.CreateCounter("t_counter_total", "c", "a", "b");
            var g = reg.CreateGauge("t_gauge", "g help", "a", "b");
            var h = reg.CreateHistogram("t_hist", "h", [-1, 0, 0.5, 10], "a", "b");
            var expected = new Dictionary<(string, string, string), double>();
            foreach (var (kind, labels, values) in all)
            {
                foreach (var v in values)
                {
                    switch (kind)
                    {
                        case 0 when v >= 0 && !double.IsInfinity(v):
                            c.WithLabels(labels).Inc(v);
                            break;
                        case 1:
                            g.WithLabels(labels).Set(v);
                            expected[("t_gauge", labels[0], labels[1])] = v;
                            break;
                        case 2:
                            h.WithLabels(labels).Observe(v);
                            break;
                    }
                }
            }

            var parsed = StrictExpositionParser.Parse(reg.RenderAsync().GetAwaiter().GetResult());
            var gauges = parsed.Single(f => f.Name == "t_gauge").Samples;
            return expected.All(e => gauges.Any(s => s.Labels["a"] == e.Key.Item2 && s.Labels["b"] == e.Key.Item3 &&
                (s.Value.Equals(e.Value) || (double.IsNaN(s.Value) && double.IsNaN(e.Value)))));
        }).QuickCheckThrowOnFailure();
    }
}
