namespace FtActors.Node.Tests;

/// <summary>Polls a probe until it yields a value (the node answers from its last health poll or guest listing).</summary>
internal static class Eventually
{
    public static Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class => WaitForAsync(probe, TestKit.TestKitSettings.Dilated(TimeSpan.FromSeconds(30)));

    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("condition not met in time");
            }

            await Task.Delay(200);
        }
    }
}
