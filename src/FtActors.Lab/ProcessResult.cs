namespace FtActors.Lab;

/// <summary>What a finished command produced.</summary>
/// <param name="CommandLine">The command as run, for messages.</param>
/// <param name="ExitCode">Its exit status.</param>
/// <param name="StandardOutput">Everything it wrote to stdout.</param>
/// <param name="StandardError">Everything it wrote to stderr.</param>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>True when the exit status is 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
