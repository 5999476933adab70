using FtActors.Pages;

namespace FtActors.Migration.Session;

/// <summary>
/// When to stop the live rounds and pause the source: when the pages still changing would move within
/// the downtime target at the rate measured so far, when the changed set stops shrinking (a stencil
/// rewrites everything each sweep: more rounds only cost bytes), after the maximum number of rounds, or
/// when another live round would overrun the deadline (then stop and copy at once).
/// </summary>
public static class ConvergenceRule
{
    /// <summary>
    /// Decides after a live round. Returns null to run another live round, else the reason to stop and copy.
    /// </summary>
    /// <param name="round">The live round just finished (0 = every page).</param>
    /// <param name="changedPages">Pages that round changed at the destination.</param>
    /// <param name="previousChanged">Pages the round before changed (null after round 0).</param>
    /// <param name="bytesPerSecond">Measured wire rate over the session so far.</param>
    /// <param name="lastRound">How long the round just finished took.</param>
    /// <param name="elapsed">Session time so far.</param>
    /// <param name="options">Target, bounds and deadline.</param>
    public static string? StopReason(int round, long changedPages, long? previousChanged, double bytesPerSecond, TimeSpan lastRound, TimeSpan elapsed, MigrationOptions options) =>
        StopReason(round, changedPages, previousChanged, bytesPerSecond, lastRound, elapsed, null, options);

    /// <summary>
    /// As the other overload, with <paramref name="estimatedNext"/>: after round 0, a sampled estimate of the
    /// pages changed since they were sent (<see cref="Streaming.ChangeSample"/>). When twice that estimate
    /// would move within the downtime target, the source is paused at once: another live round would hash
    /// every page only to shrink a final round that is already small (a read-mostly guest).
    /// </summary>
    public static string? StopReason(int round, long changedPages, long? previousChanged, double bytesPerSecond, TimeSpan lastRound, TimeSpan elapsed, long? estimatedNext, MigrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (round >= options.MaxRounds)
        {
            return $"reached the maximum of {options.MaxRounds} live rounds";
        }

        if (options.Deadline is { } deadline && elapsed + lastRound + lastRound >= deadline)
        {
            return $"another round would overrun the deadline of {deadline.TotalSeconds:0.#} s";
        }

        if (round == 0)
        {
            // Round 0 sends everything; what changed meanwhile is only known from a sample, or after round 1.
            if (estimatedNext is { } estimate && bytesPerSecond > 0)
            {
                // Twice the estimate: a 1-in-N sample can miss a few changed pages.
                var paused = TimeSpan.FromSeconds(2 * estimate * (double)PageSize.Bytes / bytesPerSecond);
                if (paused <= options.DowntimeTarget)
                {
                    return $"a sample estimates {estimate} pages changed since round 0; twice that moves in about {paused.TotalMilliseconds:0} ms, within the {options.DowntimeTarget.TotalMilliseconds:0} ms target";
                }
            }

            return null;
        }

        var predicted = bytesPerSecond > 0 ? TimeSpan.FromSeconds(changedPages * (double)PageSize.Bytes / bytesPerSecond) : TimeSpan.MaxValue;
        if (predicted <= options.DowntimeTarget)
        {
            return $"{changedPages} changed pages move in about {predicted.TotalMilliseconds:0} ms, within the {options.DowntimeTarget.TotalMilliseconds:0} ms target";
        }

        if (previousChanged is { } prev && changedPages * 10 >= prev * 9)
        {
            return $"the changed set stopped shrinking ({prev} then {changedPages} pages)";
        }

        return null;
    }
}
