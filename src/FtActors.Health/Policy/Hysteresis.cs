namespace FtActors.Health.Policy;

/// <summary>Threshold states with a dead band on the way down (or up, for readings that fail by falling).</summary>
public static class Hysteresis
{
    /// <summary>
    /// The next state of a level check. Escalation happens as soon as a limit is reached; de-escalation only once the
    /// value has gone past the limit by the band <c>h = fraction * |limit|</c>. With no limits, returns Ok.
    /// </summary>
    public static HealthState Next(HealthState current, double value, double? warn, double? crit, double fraction, bool lowerIsWorse)
    {
        if (lowerIsWorse)
        {
            // Mirror: a falling fan is a rising temperature with the signs flipped.
            return Next(current, -value, -warn, -crit, fraction, lowerIsWorse: false);
        }

        var raw = Raw(value, warn, crit);
        if (current is HealthState.Unknown || raw >= current)
        {
            return raw;
        }

        // raw < current: leave the current level only past its band.
        if (current == HealthState.Failing)
        {
            if (crit is double c && value >= c - Band(c, fraction))
            {
                return HealthState.Failing;
            }

            return warn is double w && value >= w - Band(w, fraction) ? HealthState.Warning : HealthState.Ok;
        }

        // current == Warning
        return warn is double w2 && value >= w2 - Band(w2, fraction) ? HealthState.Warning : HealthState.Ok;
    }

    /// <summary>The state a value has with no history.</summary>
    public static HealthState Raw(double value, double? warn, double? crit)
    {
        if (crit is double c && value >= c)
        {
            return HealthState.Failing;
        }

        return warn is double w && value >= w ? HealthState.Warning : HealthState.Ok;
    }

    /// <summary>The dead band below <paramref name="limit"/>.</summary>
    public static double Band(double limit, double fraction) => Math.Abs(limit) * fraction;
}
