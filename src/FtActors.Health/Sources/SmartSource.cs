using System.Collections.Immutable;

namespace FtActors.Health.Sources;

/// <summary>
/// Runs <c>smartctl -j</c> per device (the command prefix is configurable, e.g. to read JSON files written by a
/// root timer instead). Exit status is a bitmask, so a non-zero exit is not a failure in itself: the JSON decides.
/// </summary>
public sealed class SmartSource(ImmutableArray<string> commandPrefix, ImmutableArray<string> devices, TimeSpan timeout) : IHealthSource
{
    /// <inheritdoc />
    public string Name => "smart";

    /// <inheritdoc />
    public TimeSpan Timeout { get; } = timeout;

    /// <inheritdoc />
    public async Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken)
    {
        var result = ImmutableArray.CreateBuilder<HealthReading>();
        foreach (var device in devices)
        {
            var run = await CommandRunner.RunAsync(commandPrefix.Add(device), cancellationToken).ConfigureAwait(false);
            if (!run.Started || run.StandardOutput.Trim().Length == 0)
            {
                result.Add(HealthReading.Unknown(Name, $"smart/{device}", $"smartctl for {device} gave no output (exit {run.ExitCode}): {run.StandardError.Trim()}"));
                continue;
            }

            result.AddRange(SmartctlParser.Parse(run.StandardOutput, device));
        }

        return result.ToImmutable();
    }
}
