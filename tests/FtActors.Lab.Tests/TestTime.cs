using System.Globalization;

namespace FtActors.Lab.Tests;

/// <summary>Timeouts scaled by FTACTORS_TEST_TIMEFACTOR, for a loaded shared machine.</summary>
internal static class TestTime
{
    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("FTACTORS_TEST_TIMEFACTOR"), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0
            ? f
            : 1.0;

    public static TimeSpan Scale(TimeSpan t) => TimeSpan.FromTicks((long)(t.Ticks * Factor));
}
