using System.Collections.Immutable;

namespace FtActors.Health;

/// <summary>Runs sources under their own timeouts and turns every failure into Unknown readings.</summary>
public static class HealthSources
{
    /// <summary>
    /// Polls <paramref name="source"/> once. A timeout, cancellation of the poll alone, or any exception yields a
    /// single Unknown reading naming the source and the reason; it never propagates, because a monitor that cannot
    /// read a sensor must not look like a node that is failing (NHC issue #161: timeouts caused false drains).
    /// </summary>
    public static async Task<ImmutableArray<HealthReading>> PollAsync(IHealthSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(source.Timeout);
        try
        {
            var poll = source.PollAsync(cts.Token);
            // WaitAsync bounds the wait even if a source ignores its token (a hung read of a sysfs file).
            return await poll.WaitAsync(source.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return [HealthReading.Unknown(source.Name, source.Name, $"source {source.Name} timed out after {source.Timeout.TotalSeconds:0.###} s")];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [HealthReading.Unknown(source.Name, source.Name, $"source {source.Name} timed out after {source.Timeout.TotalSeconds:0.###} s")];
        }
#pragma warning disable CA1031 // A source boundary: any fault becomes Unknown, by design.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return [HealthReading.Unknown(source.Name, source.Name, $"source {source.Name} failed: {ex.GetType().Name}: {ex.Message}")];
        }
    }
}
