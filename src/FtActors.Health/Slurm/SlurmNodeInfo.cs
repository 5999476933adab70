namespace FtActors.Health.Slurm;

/// <summary>The parts of <c>scontrol show node</c> output the drain helper needs.</summary>
/// <param name="State">The <c>State=</c> value, e.g. <c>IDLE+DRAIN</c>.</param>
/// <param name="Reason">The <c>Reason=</c> text (rest of its line, including Slurm's <c>[user@time]</c> suffix), or null.</param>
public sealed record SlurmNodeInfo(string? State, string? Reason)
{
    /// <summary>True when the node is draining or drained.</summary>
    public bool IsDrained => State is not null && State.Contains("DRAIN", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses <c>scontrol show node</c> output. <c>State=</c> is one space-separated token; <c>Reason=</c> runs to the
    /// end of its line because reasons contain spaces.
    /// </summary>
    public static SlurmNodeInfo Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string? state = null, reason = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Reason=", StringComparison.Ordinal))
            {
                reason = line["Reason=".Length..];
                continue;
            }

            foreach (var token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.StartsWith("State=", StringComparison.Ordinal))
                {
                    state = token["State=".Length..];
                }
            }
        }

        return new SlurmNodeInfo(state, reason);
    }
}
