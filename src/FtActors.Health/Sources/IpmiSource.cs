using System.Collections.Immutable;

namespace FtActors.Health.Sources;

/// <summary>Runs a configurable IPMI sensor command and parses its output in the given <see cref="IpmiFormat"/>.</summary>
public sealed class IpmiSource(ImmutableArray<string> command, IpmiFormat format, TimeSpan timeout) : IHealthSource
{
    /// <inheritdoc />
    public string Name => "ipmi";

    /// <inheritdoc />
    public TimeSpan Timeout { get; } = timeout;

    /// <inheritdoc />
    public async Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken)
    {
        var run = await CommandRunner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (!run.Started || run.ExitCode != 0)
        {
            return [HealthReading.Unknown(Name, Name, $"{string.Join(' ', command)} exited {run.ExitCode}: {run.StandardError.Trim()}")];
        }

        return format switch
        {
            IpmiFormat.IpmitoolSdr => IpmiOutputParser.ParseIpmitoolSdr(run.StandardOutput),
            IpmiFormat.IpmiSensors => IpmiOutputParser.ParseIpmiSensors(run.StandardOutput),
            _ => IpmiOutputParser.ParseIpmitoolSensor(run.StandardOutput),
        };
    }
}
