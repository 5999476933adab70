namespace FtActors.Health.Policy;

/// <summary>A least-squares line through recent samples and the time it reaches a limit.</summary>
/// <param name="Slope">Units per second.</param>
/// <param name="ValueNow">The fitted value at the newest sample's time.</param>
/// <param name="TimeToLimit">When the line reaches the limit, or null if it moves away from it or is flat.</param>
/// <param name="Confidence">R² of the fit in [0, 1]: how well a straight line explains the samples.</param>
public sealed record TrendEstimate(double Slope, double ValueNow, TimeSpan? TimeToLimit, double Confidence)
{
    /// <summary>
    /// Fits <paramref name="samples"/> (seconds, value) and extrapolates to <paramref name="limit"/>. Returns null for
    /// fewer than two samples or samples all at one time. A limit already reached gives a zero time.
    /// </summary>
    public static TrendEstimate? Fit(IReadOnlyList<(double Seconds, double Value)> samples, double limit, bool lowerIsWorse)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int n = samples.Count;
        if (n < 2)
        {
            return null;
        }

        double mt = 0, mv = 0;
        foreach (var (t, v) in samples)
        {
            mt += t;
            mv += v;
        }

        mt /= n;
        mv /= n;
        double stt = 0, stv = 0, svv = 0;
        foreach (var (t, v) in samples)
        {
            stt += (t - mt) * (t - mt);
            stv += (t - mt) * (v - mv);
            svv += (v - mv) * (v - mv);
        }

        if (stt <= 0)
        {
            return null;
        }

        double slope = stv / stt;
        double tNow = samples[n - 1].Seconds;
        double now = mv + (slope * (tNow - mt));
        // A constant series is perfectly explained by a flat line; it never reaches a limit it is not at.
        double r2 = svv <= 0 ? 1 : Math.Clamp(stv * stv / (stt * svv), 0, 1);
        double gap = lowerIsWorse ? now - limit : limit - now;
        double towards = lowerIsWorse ? -slope : slope;
        TimeSpan? ttl = gap <= 0 ? TimeSpan.Zero
            : towards > 1e-12 ? TimeSpan.FromSeconds(Math.Min(gap / towards, TimeSpan.MaxValue.TotalSeconds / 2))
            : null;
        return new TrendEstimate(slope, now, ttl, r2);
    }
}
