namespace FtActors.TestKit;

/// <summary>
/// The deadline of the innermost <c>Within</c> block on this async flow; expectations inside the block wait at
/// most until it, so a block never overruns its maximum by the sum of its default timeouts.
/// </summary>
internal static class WithinScope
{
    private static readonly AsyncLocal<long?> Deadline = new();

    public static TimeSpan Remaining(TimeSpan? requested)
    {
        var wait = requested ?? TestKitSettings.DefaultTimeout;
        if (Deadline.Value is { } deadline)
        {
            var left = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), deadline);
            left = left < TimeSpan.Zero ? TimeSpan.Zero : left;
            return requested is null || left < wait ? left : wait;
        }

        return wait;
    }

    public static async Task<T> RunAsync<T>(TimeSpan min, TimeSpan max, Func<Task<T>> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (min > max)
        {
            throw new ArgumentException($"Within expected min <= max, found min {min} > max {max}.", nameof(min));
        }

        var clock = TimeProvider.System;
        var start = clock.GetTimestamp();
        var dilatedMax = TestKitSettings.Dilated(max);
        var previous = Deadline.Value;
        Deadline.Value = start + (long)(dilatedMax.TotalSeconds * clock.TimestampFrequency);
        try
        {
            var result = await block().ConfigureAwait(false);
            var elapsed = clock.GetElapsedTime(start);
            if (elapsed < min)
            {
                Xunit.Assert.Fail($"Within expected the block to take at least {min}, found it took {elapsed}.");
            }

            if (elapsed > dilatedMax)
            {
                Xunit.Assert.Fail($"Within expected the block to finish within {dilatedMax}, found it took {elapsed}.");
            }

            return result;
        }
        finally
        {
            Deadline.Value = previous;
        }
    }
}
