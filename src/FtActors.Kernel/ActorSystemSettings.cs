using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Kernel;

/// <summary>Options of an <see cref="ActorSystem"/>; validated when the system is created.</summary>
public sealed record ActorSystemSettings
{
    /// <summary>
    /// Every clock reading, timer, scheduled message and ask timeout goes through this provider. Tests pass a
    /// manual clock to drive time deterministically. Defaults to <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the kernel logs (dead letters, failures, restarts). Defaults to no logging.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// User messages an actor handles per turn before it yields its thread to other actors (fairness versus
    /// throughput). Default 100.
    /// </summary>
    public int Throughput { get; init; } = 100;

    /// <summary>
    /// How the <c>/user</c> guardian supervises top-level actors. Default: <see cref="SupervisorStrategy.Default"/>.
    /// A directive of Escalate here cannot go higher: the guardian logs it and stops the actor instead.
    /// </summary>
    public SupervisorStrategy GuardianSupervisorStrategy { get; init; } = SupervisorStrategy.Default;

    /// <summary>Host and port when the system is reachable remotely; null for a local-only system.</summary>
    public string? Host { get; init; }

    /// <summary>Port that goes with <see cref="Host"/>.</summary>
    public int? Port { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
        ArgumentNullException.ThrowIfNull(GuardianSupervisorStrategy);
        if (Throughput < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Throughput), Throughput, "Throughput expected at least 1.");
        }

        if ((Host is null) != (Port is null))
        {
            throw new ArgumentException($"Host and Port expected both set or both null, found Host={Host ?? "null"}, Port={Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}.", nameof(Host));
        }
    }
}
