using FtActors.TestKit;

namespace FtActors.Remoting.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails after a generous, time-factor-scaled wait.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestKitSettings.Dilated(TimeSpan.FromSeconds(15)));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("Timed out waiting for: " + what);
            }

            await Task.Delay(20);
        }
    }
}
