using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace FtActors.Metrics.Tests;

public class PrometheusTextWriterTests
{
    [Fact]
    public void Write_CounterGaugeHistogram_ExactText()
    {
        var reg = new MetricsRegistry();
        reg.CreateCounter("ftactors_health_polls_total", "Health polls completed.").WithLabels().Inc(3);
        var g = reg.CreateGauge("ftactors_health_reading", "Last value.\nSecond line \\ backslash.", "check", "source");
        g.WithLabels("hwmon/coretemp/Core \"0\"", "hwmon").Set(61.5);
        g.WithLabels("a\\b\nc", "x").Set(double.NaN);
        var h = reg.CreateHistogram("ftactors_health_poll_duration_seconds", "Poll time.", [0.01, 0.1]);
        h.WithLabels().Observe(0.005);
        h.WithLabels().Observe(0.05);
        h.WithLabels().Observe(3);

        var text = PrometheusTextWriter.Write(reg);

        Assert.Equal(
            "# HELP ftactors_health_polls_total Health polls completed.\n" +
            "# TYPE ftactors_health_polls_total counter\n" +
            "ftactors_health_polls_total 3\n" +
            "# HELP ftactors_health_reading Last value.\\nSecond line \\\\ backslash.\n" +
            "# TYPE ftactors_health_reading gauge\n" +
            "ftactors_health_reading{check=\"a\\\\b\\nc\",source=\"x\"} NaN\n" +
            "ftactors_health_reading{check=\"hwmon/coretemp/Core \\\"0\\\"\",source=\"hwmon\"} 61.5\n" +
            "# HELP ftactors_health_poll_duration_seconds Poll time.\n" +
            "# TYPE ftactors_health_poll_duration_seconds histogram\n" +
            "ftactors_health_poll_duration_seconds_bucket{le=\"0.01\"} 1\n" +
            "ftactors_health_poll_duration_seconds_bucket{le=\"0.1\"} 2\n" +
            "ftactors_health_poll_duration_seconds_bucket{le=\"+Inf\"} 3\n" +
            "ftactors_health_poll_duration_seconds_sum 3.055\n" +
            "ftactors_health_poll_duration_seconds_count 3\n",
            text);
        var parsed = StrictExpositionParser.Parse(text);
        Assert.Equal("Last value.\nSecond line \\ backslash.", parsed[1].Help);
        Assert.Equal("a\\b\nc", parsed[1].Samples[0].Labels["check"]);
    }

    [Fact]
    public void Registry_InvalidNamesAndMismatchedLabels_Rejected()
    {
        var reg = new MetricsRegistry();

        Assert.Throws<ArgumentException>(() => reg.CreateGauge("9bad", "x"));
        Assert.Throws<ArgumentException>(() => reg.CreateGauge("ok", "x", "__reserved"));
        Assert.Throws<ArgumentException>(() => reg.CreateHistogram("h", "x", [1], "le"));
        Assert.Throws<ArgumentException>(() => reg.CreateHistogram("h2", "x", [2, 1]));
        var g = reg.CreateGauge("g", "x", "a");
        Assert.Throws<ArgumentException>(() => g.WithLabels("1", "2"));
        Assert.Throws<ArgumentException>(() => reg.CreateCounter("g", "x", "a"));
        Assert.Same(g, reg.CreateGauge("g", "x", "a"));
        Assert.Throws<ArgumentOutOfRangeException>(() => reg.CreateCounter("c", "x").WithLabels().Inc(-1));
    }

    [Fact]
    public void Write_AnyRegistryContents_StrictParserAcceptsAndLabelValuesRoundTrip()
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
            var g = reg.CreateGauge("t_gauge", "g \\ \n help", "a", "b");
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

            var parsed = StrictExpositionParser.Parse(PrometheusTextWriter.Write(reg));
            var gauges = parsed.Single(f => f.Name == "t_gauge").Samples;
            return expected.All(e => gauges.Any(s => s.Labels["a"] == e.Key.Item2 && s.Labels["b"] == e.Key.Item3 &&
                (s.Value.Equals(e.Value) || (double.IsNaN(s.Value) && double.IsNaN(e.Value)))));
        }).QuickCheckThrowOnFailure();
    }
}
