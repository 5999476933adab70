using System.Collections.Immutable;
using System.Globalization;

namespace FtActors.Health.Evacuation;

/// <summary>
/// Plans how to move a node's guests before a predicted failure. Pure logic, no I/O.
/// <para>Cost model: only pages the spare lacks travel, <c>bytes = RAM * (1 - coverage)</c>. Stop-and-copy takes
/// <c>bytes / link</c>. Live pre-copy resends what the guest dirties meanwhile, a geometric series that sums to
/// <c>bytes / (link - dirty)</c> and does not converge when the guest dirties as fast as the link sends.</para>
/// <para>Order: guests move one after another over the one link, smallest estimated migration first. Shortest job
/// first minimises the number of guests still on the node at any moment, so when the warning is short, the most
/// guests are saved; ties go to the more valuable guest, then by name for a stable order.</para>
/// <para>Mode: live when the guest's live migration, started after the guests before it, still ends within the
/// deadline less a safety margin; otherwise stop-and-copy, which is never slower and bounded.</para>
/// </summary>
public static class EvacuationPlanner
{
    /// <summary>Share of the remaining time kept as margin for estimation error when choosing live migration.</summary>
    public const double SafetyMargin = 0.2;

    /// <summary>Plans the evacuation of <paramref name="guests"/> before <paramref name="prediction"/>'s failure time.</summary>
    /// <param name="prediction">The failure prediction giving the deadline.</param>
    /// <param name="guests">The node's guests.</param>
    /// <param name="linkBytesPerSecond">Usable link rate to the spares.</param>
    /// <param name="now">Planning time (from the caller's TimeProvider).</param>
    public static EvacuationPlan Plan(FailurePrediction prediction, IEnumerable<GuestProfile> guests, double linkBytesPerSecond, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(guests);
        if (!(linkBytesPerSecond > 0) || double.IsInfinity(linkBytesPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(linkBytesPerSecond), linkBytesPerSecond, "expected a positive, finite link rate");
        }

        var left = prediction.ExpectedFailureUtc - now;
        if (left < TimeSpan.Zero)
        {
            left = TimeSpan.Zero;
        }

        var costed = guests.Select(g =>
        {
            var bytes = (long)Math.Ceiling(Math.Max(0, g.RamBytes) * (1 - Math.Clamp(double.IsNaN(g.Coverage) ? 0 : g.Coverage, 0, 1)));
            var stop = bytes / linkBytesPerSecond;
            var dirty = Math.Max(0, double.IsNaN(g.DirtyBytesPerSecond) ? 0 : g.DirtyBytesPerSecond);
            double? live = dirty < linkBytesPerSecond ? bytes / (linkBytesPerSecond - dirty) : null;
            return (Guest: g, Bytes: bytes, Stop: stop, Live: live);
        }).OrderBy(c => c.Stop).ThenByDescending(c => c.Guest.Value).ThenBy(c => c.Guest.Name, StringComparer.Ordinal).ToList();

        var plan = ImmutableArray.CreateBuilder<GuestEvacuation>();
        double elapsed = 0;
        double budget = left.TotalSeconds * (1 - SafetyMargin);
        int order = 0;
        foreach (var c in costed)
        {
            order++;
            string cost = $"{Mb(c.Bytes)} MB to send ({Pct(c.Guest.Coverage)} pre-deployed) at {Mb(linkBytesPerSecond)} MB/s";
            MigrationMode mode;
            double duration;
            string why;
            if (c.Live is double live && elapsed + live <= budget)
            {
                mode = MigrationMode.Live;
                duration = live;
                why = $"live: {S(live)} s fits in the {S(left.TotalSeconds - elapsed)} s left after {order - 1} earlier guest(s), with a {Pct(SafetyMargin)} margin";
            }
            else
            {
                mode = MigrationMode.StopAndCopy;
                duration = c.Stop;
                why = c.Live is null
                    ? $"stop-and-copy: the guest dirties {Mb(c.Guest.DirtyBytesPerSecond)} MB/s, at least the link rate, so live pre-copy would not converge"
                    : $"stop-and-copy: live would take {S(c.Live.Value)} s, more than the {S(Math.Max(0, budget - elapsed))} s usable; stop-and-copy takes {S(c.Stop)} s";
            }

            elapsed += duration;
            bool inTime = elapsed <= left.TotalSeconds;
            var reason = $"#{order} (smallest first): {cost}; {why}" + (inTime ? string.Empty : $"; will NOT finish before the predicted failure ({S(elapsed)} s > {S(left.TotalSeconds)} s)");
            plan.Add(new GuestEvacuation(c.Guest.Name, order, mode, c.Bytes, TimeSpan.FromSeconds(duration), TimeSpan.FromSeconds(elapsed), inTime, reason));
        }

        return new EvacuationPlan(prediction.Node, left, plan.ToImmutable());
    }

    private static string Pct(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Mb(double bytes) => (bytes / 1e6).ToString("0.#", CultureInfo.InvariantCulture);

    private static string S(double seconds) => seconds.ToString("0.##", CultureInfo.InvariantCulture);
}
