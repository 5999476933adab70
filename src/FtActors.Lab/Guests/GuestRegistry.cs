using System.Text.Json;

namespace FtActors.Lab.Guests;

/// <summary>
/// The lab's running guests, one run directory each under <see cref="LabPaths.RunDir"/>. Listing
/// removes stale entries (QEMU no longer running), so a crashed test never leaves a ghost behind.
/// </summary>
public static class GuestRegistry
{
    private const string StateFileName = "state.json";

    /// <summary>The running guests, by name; stale entries are cleaned on the way.</summary>
    public static IReadOnlyList<GuestState> List(string? runDir = null)
    {
        runDir ??= LabPaths.RunDir;
        var result = new List<GuestState>();
        if (!Directory.Exists(runDir))
        {
            return result;
        }

        foreach (var dir in Directory.GetDirectories(runDir).Order(StringComparer.Ordinal))
        {
            var state = Read(dir);
            if (state is null)
            {
                continue;
            }

            if (state.IsAlive)
            {
                result.Add(state);
            }
            else
            {
                Forget(state);
            }
        }

        return result;
    }

    /// <summary>The guest called <paramref name="name"/> if it runs, else null (and a stale entry is removed).</summary>
    public static GuestState? Find(string name, string? runDir = null) =>
        List(runDir).FirstOrDefault(g => g.Name == name);

    /// <summary>Stops the guest called <paramref name="name"/>: SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    /// <returns>False when no such guest runs.</returns>
    public static async Task<bool> StopAsync(string name, TimeSpan grace, string? runDir = null, CancellationToken cancellationToken = default)
    {
        var state = Find(name, runDir);
        if (state is null)
        {
            return false;
        }

        await ProcessControl.TerminateAsync(state.Pid, state.PidStartTime, grace, cancellationToken).ConfigureAwait(false);
        Forget(state);
        return true;
    }

    /// <summary>Stops every registered guest; returns their names.</summary>
    public static async Task<IReadOnlyList<string>> StopAllAsync(TimeSpan grace, string? runDir = null, CancellationToken cancellationToken = default)
    {
        var stopped = new List<string>();
        foreach (var g in List(runDir))
        {
            if (await StopAsync(g.Name, grace, runDir, cancellationToken).ConfigureAwait(false))
            {
                stopped.Add(g.Name);
            }
        }

        return stopped;
    }

    internal static void Write(GuestState state)
    {
        Directory.CreateDirectory(state.RunDirectory);
        var path = Path.Combine(state.RunDirectory, StateFileName);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(state, LabJsonContext.Default.GuestState));
        File.Move(tmp, path, overwrite: true);
    }

    internal static GuestState? Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, StateFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), LabJsonContext.Default.GuestState);
        }
        catch (JsonException)
        {
            // A half-written or foreign file: not a guest we can manage.
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Removes a dead guest's record, and its run directory unless it asked to keep it.</summary>
    internal static void Forget(GuestState state)
    {
        try
        {
            if (state.KeepRunDirectory)
            {
                File.Delete(Path.Combine(state.RunDirectory, StateFileName));
            }
            else if (Directory.Exists(state.RunDirectory))
            {
                Directory.Delete(state.RunDirectory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Someone else is removing it at the same time, or it belongs to root and we are not: the next
            // listing (by someone allowed to) finishes the job.
        }
    }
}
