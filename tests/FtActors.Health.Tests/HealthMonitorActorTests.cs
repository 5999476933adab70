using System.Collections.Immutable;
using FtActors.Health.Policy;
using FtActors.Health.Sources;
using Akka.Actor;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Health.Tests;

public sealed class HealthMonitorActorTests : Akka.TestKit.Xunit2.TestKit
{
    // The policy's clock; the poll timer runs on Akka's scheduler, and the tests poll with PollNow.
    private static readonly ManualTimeProvider Clock = new(new DateTimeOffset(2026, 11, 22, 4, 0, 0, TimeSpan.Zero));
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Poll_InjectedRisingTemperature_PublishesReadingsChangesAndPrediction()
    {
        var file = _dir.Write("inject.json", """{ "readings": [ { "check": "cpu-temp", "unit": "C", "start": 60, "ratePerSecond": 2, "end": 95, "warn": 85, "crit": 95 } ] }""");
        var policy = new HealthPolicy("cn17", new PolicyOptions(), Clock);
        var monitor = Sys.ActorOf(HealthMonitorActor.Props("cn17", [new FaultInjectionSource(file, Clock, TimeSpan.FromSeconds(30))], policy, TimeSpan.FromSeconds(1), Clock));
        monitor.Tell(new SubscribeHealth(TestActor));

        FailurePrediction? prediction = null;
        for (int i = 0; i < 10 && prediction is null; i++)
        {
            monitor.Tell(new PollNow());
            var readings = await ExpectMsgAsync<HealthReadings>(Dilated(TimeSpan.FromSeconds(10)));
            Assert.Equal("inject/cpu-temp", Assert.Single(readings.Readings).Check);
            prediction = await DrainUntilQuietAsync();
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.NotNull(prediction);
        Assert.Equal("cn17", prediction.Node);
        Assert.True(prediction.ExpectedFailureUtc > Clock.GetUtcNow(), "a trend predicts a failure in the future");
        // The status goes to its own probe: the 1 s poll timer runs on Akka's real scheduler, so its readings
        // reach the subscribed TestActor at any moment.
        var asker = CreateTestProbe("asker");
        monitor.Tell(new GetHealthStatus(), asker.Ref);
        var status = await asker.ExpectMsgAsync<HealthStatus>(Dilated(TimeSpan.FromSeconds(10)));
        Assert.Equal("inject/cpu-temp", Assert.Single(status.Checks).Check);
    }

    [Fact]
    public async Task Poll_UnknownSource_NoPrediction()
    {
        var policy = new HealthPolicy("cn17", new PolicyOptions(), Clock);
        var monitor = Sys.ActorOf(HealthMonitorActor.Props("cn17", [new HwmonSource("/nonexistent", TimeSpan.FromSeconds(5))], policy, TimeSpan.FromSeconds(1), Clock));
        monitor.Tell(new SubscribeHealth(TestActor));

        monitor.Tell(new PollNow());
        var readings = await ExpectMsgAsync<HealthReadings>(Dilated(TimeSpan.FromSeconds(10)));
        var change = await ExpectMsgAsync<HealthStateChanged>(Dilated(TimeSpan.FromSeconds(10)));

        Assert.Equal(HealthState.Unknown, Assert.Single(readings.Readings).State);
        Assert.Equal(HealthState.Unknown, change.Change.To);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dir.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<FailurePrediction?> DrainUntilQuietAsync()
    {
        FailurePrediction? found = null;
        while (await ReceiveOneAsync(TimeSpan.FromMilliseconds(200)) is { } m)
        {
            if (m is FailurePrediction p)
            {
                found = p;
            }
        }

        return found;
    }
}
