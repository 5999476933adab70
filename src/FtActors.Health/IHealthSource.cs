using System.Collections.Immutable;

namespace FtActors.Health;

/// <summary>
/// A source of health readings. Implementations should not throw on bad data; <see cref="HealthSources.PollAsync"/>
/// still wraps every call so a timeout or an unexpected exception becomes an Unknown reading instead of an alarm.
/// </summary>
public interface IHealthSource
{
    /// <summary>Short name used in check names and metric labels.</summary>
    string Name { get; }

    /// <summary>How long one poll may take before it is abandoned and reported as Unknown.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Reads the source once.</summary>
    Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken);
}
