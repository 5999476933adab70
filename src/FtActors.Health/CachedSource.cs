using System.Collections.Immutable;

namespace FtActors.Health;

/// <summary>
/// Runs an expensive source (a BMC query, smartctl, NHC) on its own, slower schedule: between runs the last
/// readings are returned again. Slow sources read on their own schedule keep the monitor cheap at a 1 s poll
/// (node_exporter#2242, scylladb#21163 show what polling slow hardware paths too often costs).
/// </summary>
public sealed class CachedSource(IHealthSource inner, TimeSpan interval, TimeProvider time) : IHealthSource
{
    private ImmutableArray<HealthReading> _last;
    private DateTimeOffset _lastRun = DateTimeOffset.MinValue;

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public TimeSpan Timeout => inner.Timeout;

    /// <summary>The source being cached.</summary>
    public IHealthSource Inner => inner;

    /// <inheritdoc />
    public async Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!_last.IsDefault && now - _lastRun < interval)
        {
            return _last;
        }

        // Through HealthSources so a timeout is cached as Unknown too, instead of being retried every poll.
        _last = await HealthSources.PollAsync(inner, cancellationToken).ConfigureAwait(false);
        _lastRun = now;
        return _last;
    }
}
