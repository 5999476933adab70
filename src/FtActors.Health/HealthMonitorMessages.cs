using System.Collections.Immutable;
using FtActors.Health.Policy;
using Akka.Actor;

namespace FtActors.Health;

/// <summary>Marker for messages to and from <see cref="HealthMonitorActor"/>.</summary>
public interface IHealthMonitorMessage;

/// <summary>Adds <paramref name="Subscriber"/> to the receivers of readings, state changes and predictions.</summary>
public sealed record SubscribeHealth(IActorRef Subscriber) : IHealthMonitorMessage;

/// <summary>Removes <paramref name="Subscriber"/>.</summary>
public sealed record UnsubscribeHealth(IActorRef Subscriber) : IHealthMonitorMessage;

/// <summary>Turns maintenance mode on or off: states are still reported, no predictions are published.</summary>
public sealed record SetMaintenance(bool On) : IHealthMonitorMessage;

/// <summary>Polls all sources now instead of waiting for the next tick (ignored while a poll runs).</summary>
public sealed record PollNow : IHealthMonitorMessage;

/// <summary>Asks for the current state of every check; the reply is <see cref="HealthStatus"/>.</summary>
public sealed record GetHealthStatus : IHealthMonitorMessage;

/// <summary>Every reading of one poll.</summary>
public sealed record HealthReadings(string Node, ImmutableArray<HealthReading> Readings, DateTimeOffset At) : IHealthMonitorMessage;

/// <summary>A check of <paramref name="Node"/> changed state.</summary>
public sealed record HealthStateChanged(string Node, StateChange Change) : IHealthMonitorMessage;

/// <summary>The state of every check after the last poll.</summary>
public sealed record HealthStatus(string Node, ImmutableArray<CheckStatus> Checks, bool Maintenance, long Polls) : IHealthMonitorMessage;
