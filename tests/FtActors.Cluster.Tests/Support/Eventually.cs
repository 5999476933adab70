using FtActors.TestKit;

namespace FtActors.Cluster.Tests.Support;

/// <summary>Polls a condition until it holds; the timeout is generous and only guards against hangs.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestKitSettings.Dilated(TimeSpan.FromSeconds(60)));
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or FtActors.Kernel.AskTimeoutException)
            {
                // Not yet: the cluster may be mid-handover.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"expected {what}, still not true after the timeout");
            }

            await Task.Delay(100);
        }
    }
}
