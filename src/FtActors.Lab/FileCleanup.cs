using Microsoft.Extensions.Logging;

namespace FtActors.Lab;

/// <summary>
/// Removing the lab's files and directories. A file or directory that is already gone (or whose
/// parent directory never existed, as in a fresh checkout) is nothing to do, never an error. The
/// <c>Try</c> forms are for <c>catch</c> and <c>finally</c> blocks: they never throw, so the error
/// that started a cleanup is the one the caller sees; what they could not remove they log.
/// </summary>
public static class FileCleanup
{
    /// <summary>Deletes <paramref name="path"/> when it exists.</summary>
    /// <exception cref="IOException">The file exists and could not be deleted.</exception>
    /// <exception cref="UnauthorizedAccessException">Not allowed to delete it.</exception>
    public static void DeleteFileIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Its directory is not there, so neither is the file.
        }
    }

    /// <summary>Deletes directory <paramref name="path"/> and everything in it when it exists.</summary>
    /// <exception cref="IOException">It exists and could not be removed.</exception>
    /// <exception cref="UnauthorizedAccessException">Not allowed to remove it.</exception>
    public static void DeleteDirectoryIfPresent(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone (or removed by someone else while we walked it).
        }
    }

    /// <summary>Like <see cref="DeleteFileIfPresent"/>, for cleanup paths: logs instead of throwing.</summary>
    /// <returns><c>false</c> when the file is still there.</returns>
    public static bool TryDeleteFile(string path, ILogger logger) =>
        Try(() => DeleteFileIfPresent(path), "deleting " + path, logger);

    /// <summary>Like <see cref="DeleteDirectoryIfPresent"/>, for cleanup paths: logs instead of throwing.</summary>
    /// <returns><c>false</c> when the directory (or part of it) is still there.</returns>
    public static bool TryDeleteDirectory(string path, ILogger logger) =>
        Try(() => DeleteDirectoryIfPresent(path), "removing " + path, logger);

    private static bool Try(Action delete, string what, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            delete();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.CleanupFailed(logger, what, e.Message);
            return false;
        }
    }
}
