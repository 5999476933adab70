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
            return (await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)).Trim();
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
