namespace FtActors.Health;

/// <summary>The outcome of one external command.</summary>
/// <param name="ExitCode">Exit status, or -1 when the program could not be started.</param>
/// <param name="StandardOutput">Everything the command wrote to stdout.</param>
/// <param name="StandardError">Everything it wrote to stderr, or why it could not start.</param>
/// <param name="Started">False when the program was not found or not executable.</param>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, bool Started);
