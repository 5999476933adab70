using System.Globalization;

namespace FtActors.TestKit;

/// <summary>
/// Timing knobs for actor tests. Every wait is 3 s by default, multiplied by the environment variable
/// <c>FTACTORS_TEST_TIMEFACTOR</c> (for example 4 on a loaded CI machine). Waits only bound how long a test can
/// hang; no test asserts that something is fast.
/// </summary>
public static class TestKitSettings
{
    /// <summary>The name of the scaling environment variable.</summary>
    public const string TimeFactorVariable = "FTACTORS_TEST_TIMEFACTOR";

    /// <summary>The factor read from <see cref="TimeFactorVariable"/> (1 when unset or not a positive number).</summary>
    public static double TimeFactor { get; } = ReadFactor();

    /// <summary>3 s times <see cref="TimeFactor"/>.</summary>
    public static TimeSpan DefaultTimeout => Dilated(TimeSpan.FromSeconds(3));

    /// <summary>Scales <paramref name="duration"/> by <see cref="TimeFactor"/>.</summary>
    public static TimeSpan Dilated(TimeSpan duration) => duration * TimeFactor;

    private static double ReadFactor()
    {
        var text = Environment.GetEnvironmentVariable(TimeFactorVariable);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 ? factor : 1.0;
    }
}
