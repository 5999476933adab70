using System.Diagnostics;
using System.Globalization;

namespace FtActors.Lab;

/// <summary>
/// Signals one process by PID, guarded against PID reuse: a PID is only "ours" while its start time
/// (field 22 of /proc/PID/stat) equals the one recorded when we started it.
/// </summary>
public static class ProcessControl
{
    /// <summary>The process's start time in clock ticks since boot, or null when it does not exist.</summary>
    public static long? ReadStartTime(int pid)
    {
        var stat = ReadStat(pid);
        return stat is null ? null : stat.Value.StartTime;
    }

    /// <summary>True while <paramref name="pid"/> runs and (when given) started at <paramref name="startTime"/>. Zombies count as dead.</summary>
    public static bool IsAlive(int pid, long? startTime = null)
    {
        var stat = ReadStat(pid);
        return stat is { } s && s.State != 'Z' && s.State != 'X' && (startTime is null || s.StartTime == startTime);
    }

    /// <summary>
    /// Sends SIGTERM, waits up to <paramref name="grace"/>, then SIGKILL, and waits for the process to
    /// be gone. Does nothing when the PID is dead or belongs to another process now.
    /// </summary>
    /// <returns>True when SIGKILL was needed.</returns>
    public static async Task<bool> TerminateAsync(int pid, long? startTime, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (!IsAlive(pid, startTime))
        {
            return false;
        }

        await SignalAsync(pid, "TERM", cancellationToken).ConfigureAwait(false);
        if (await WaitGoneAsync(pid, startTime, grace, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (IsAlive(pid, startTime))
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
            }
            catch (ArgumentException)
            {
                // Gone between the check and the kill.
            }
            catch (InvalidOperationException)
            {
                // Same.
            }
        }

        await WaitGoneAsync(pid, startTime, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Polls until the process is gone or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, long? startTime, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid, startTime))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task SignalAsync(int pid, string signal, CancellationToken cancellationToken)
    {
        // .NET can only SIGKILL; SIGTERM goes through kill(1), still aimed at this one PID.
        await ProcessRunner.RunAsync("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    private static (char State, long StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (fields[0].Length > 0 ? fields[0][0] : '?', start)
            : null;
    }
}
