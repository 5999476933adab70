using System.Collections.Immutable;
using FtActors.Configuration;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Health.Tests;

public class CachedSourceTests
{
    [Fact]
    public async Task Poll_WithinInterval_ReusesLastReadings()
    {
        var clock = new ManualTimeProvider();
        var inner = new CountingSource();
        var cached = new CachedSource(inner, TimeSpan.FromSeconds(10), clock);

        var a = await cached.PollAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(9));
        var b = await cached.PollAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var c = await cached.PollAsync(CancellationToken.None);

        Assert.Equal([1.0, 1.0, 2.0], new[] { a, b, c }.Select(r => Assert.Single(r).Value!.Value));
    }

    [Fact]
    public void Load_SourceWithInterval_Cached()
    {
        var setup = HealthSetup.Load(HoconLoader.Parse("ftactors.health.sources { edac.enabled = false, smart { enabled = true, devices = [\"/dev/sda\"], interval = 30s } }"), TimeProvider.System);

        Assert.IsType<Sources.HwmonSource>(setup.Sources[0]);
        Assert.IsType<Sources.SmartSource>(Assert.IsType<CachedSource>(setup.Sources[1]).Inner);
    }

    private sealed class CountingSource : IHealthSource
    {
        private int _calls;

        public string Name => "count";

        public TimeSpan Timeout => TimeSpan.FromSeconds(5);

        public Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken) =>
            Task.FromResult(ImmutableArray.Create(new HealthReading("count", "count", ++_calls, "n", null, null, HealthState.Ok, "calls")));
    }
}
