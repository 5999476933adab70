using System.Globalization;

namespace FtActors.Health.Sources;

/// <summary>Reads one-value sysfs files; missing or garbled files read as null, never throw.</summary>
internal static class SysfsFiles
{
    public static async Task<long?> ReadLongAsync(string path, CancellationToken ct)
    {
        var text = await ReadTextAsync(path, ct).ConfigureAwait(false);
        return text is not null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public static async Task<string?> ReadTextAsync(string path, CancellationToken ct)
    {
        try
        {
            // sysfs attributes are tiny and served from memory: a synchronous read costs far less than an async
            // FileStream per file. The poll already runs off the actor, and its timeout still bounds a hung read.
            ct.ThrowIfCancellationRequested();
            return await Task.FromResult(File.ReadAllText(path).Trim()).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
