using System.Collections.Immutable;

namespace FtActors.Health.Sources;

/// <summary>
/// Turns a health command's exit status and output into a reading. Exit 0 is Ok; non-zero is Failing with NHC's
/// <c>ERROR: nhc: Health check failed: MESSAGE</c> line as the reason when present (NHC pads with runs of spaces),
/// else the last non-empty output line. A command that could not start or timed out is Unknown.
/// </summary>
public static class NhcOutputParser
{
    /// <summary>Builds the reading for check <paramref name="check"/> from a finished command.</summary>
    public static HealthReading Interpret(string check, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Started)
        {
            return HealthReading.Unknown("command", check, result.StandardError);
        }

        if (result.ExitCode == 0)
        {
            return HealthReading.Status("command", check, HealthState.Ok, "exit status 0");
        }

        var message = FindNhcFailure(result.StandardOutput) ?? FindNhcFailure(result.StandardError) ??
            LastLine(result.StandardOutput) ?? LastLine(result.StandardError) ?? "no output";
        return HealthReading.Status("command", check, HealthState.Failing, $"exit status {result.ExitCode}: {message}");
    }

    /// <summary>The message of the first NHC failure line in <paramref name="text"/>, or null.</summary>
    public static string? FindNhcFailure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var raw in text.Split('\n'))
        {
            var words = raw.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var line = string.Join(' ', words);
            const string marker = "ERROR: nhc: Health check failed:";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var msg = line[(at + marker.Length)..].Trim();
                return msg.Length > 0 ? msg : "health check failed (no message)";
            }
        }

        return null;
    }

    private static string? LastLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
}
