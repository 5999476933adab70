namespace FtActors.Health.Policy;

/// <summary>Settings of <see cref="HealthPolicy"/>; bound from <c>ftactors.health.policy</c>.</summary>
public sealed record PolicyOptions
{
    /// <summary>
    /// Dead band as a fraction of a limit's magnitude: a check that entered Warning at W leaves it only below
    /// <c>W - h</c> with <c>h = fraction * |W|</c> (readings hover at a threshold; grafana#6630).
    /// </summary>
    public double HysteresisFraction { get; init; } = 0.03;

    /// <summary>Sliding window over which event counts (corrected errors) are summed.</summary>
    public TimeSpan CountWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Window of samples a trend is fitted over.</summary>
    public TimeSpan TrendWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Samples needed before a trend is trusted.</summary>
    public int TrendMinSamples { get; init; } = 5;

    /// <summary>A trend predicts a failure when its estimated time to the critical limit falls under this.</summary>
    public TimeSpan PredictionHorizon { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Trends whose fit (R²) is below this do not predict.</summary>
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>A check acts (publishes a prediction) at most once per cool-down, so a flapping input cannot storm.</summary>
    public TimeSpan CoolDown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Maintenance mode: states are still computed and reported, but nothing acts.</summary>
    public bool Maintenance { get; init; }

    /// <summary>Throws when a setting is out of range, naming the setting and the value.</summary>
    public void Validate()
    {
        if (HysteresisFraction is < 0 or >= 1 || double.IsNaN(HysteresisFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(HysteresisFraction), HysteresisFraction, "expected a fraction in [0, 1)");
        }

        if (CountWindow <= TimeSpan.Zero || TrendWindow <= TimeSpan.Zero || PredictionHorizon <= TimeSpan.Zero || CoolDown < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CountWindow), "windows and horizon must be positive, cool-down not negative");
        }

        if (TrendMinSamples < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(TrendMinSamples), TrendMinSamples, "expected at least 2 samples");
        }
    }
}
