using System.Collections.Immutable;

namespace FtActors.Health.Sources;

/// <summary>
/// Runs any health command (an NHC run such as <c>nhc -e check_hw_mcelog</c>, a site script) and judges it by exit
/// status; see <see cref="NhcOutputParser"/>. A timeout is Unknown, never Failing.
/// </summary>
public sealed class CommandSource(string checkName, ImmutableArray<string> command, TimeSpan timeout) : IHealthSource
{
    /// <inheritdoc />
    public string Name => "command";

    /// <inheritdoc />
    public TimeSpan Timeout { get; } = timeout;

    /// <inheritdoc />
    public async Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken)
    {
        var run = await CommandRunner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        return [NhcOutputParser.Interpret("command/" + checkName, run)];
    }
}
