using System.Globalization;

namespace FtActors.Persistence.Tests.Support;

/// <summary>Generous waits, scaled by FTACTORS_TEST_TIMEFACTOR on slow or loaded machines.</summary>
internal static class TestTime
{
    private static readonly double Factor =
        double.TryParse(Environment.GetEnvironmentVariable("FTACTORS_TEST_TIMEFACTOR"), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1.0;

    public static TimeSpan Scale(TimeSpan wait) => wait * Factor;
}
