using System.Net;
using Xunit;

namespace FtActors.Metrics.Tests;

public class MetricsServerTests
{
    [Fact]
    public async Task Scrape_OverHttp_HealthFamiliesParseStrictly()
    {
        var reg = new MetricsRegistry();
        var health = new HealthMetrics(reg);
        health.CheckState.WithLabels("inject/cpu-temp", "inject").Set(1);
        health.Reading.WithLabels("inject/cpu-temp", "inject", "C").Set(86);
        health.TimeToFailure.WithLabels("inject/cpu-temp", "inject").Set(4.5);
        health.Polls.WithLabels().Inc();
        health.PollDuration.WithLabels().Observe(0.002);
        await using var server = await MetricsServer.StartAsync(reg, IPAddress.Loopback, 0, CancellationToken.None);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        using var response = await http.GetAsync(new Uri(server.Address, "metrics"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var families = StrictExpositionParser.Parse(text).ToDictionary(f => f.Name);
        Assert.Equal(1, families["ftactors_health_check_state"].Samples.Single().Value);
        Assert.Equal("C", families["ftactors_health_reading"].Samples.Single().Labels["unit"]);
        Assert.Equal("gauge", families["ftactors_guest_time_to_evacuate_seconds"].Type);
        Assert.Empty(families["ftactors_guest_time_to_evacuate_seconds"].Samples);
        Assert.Equal(1, families["ftactors_health_poll_duration_seconds"].Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value);
        Assert.NotEqual(0, server.Address.Port);
    }
}
