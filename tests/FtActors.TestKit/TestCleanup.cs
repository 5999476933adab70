namespace FtActors.TestKit;

/// <summary>
/// Teardown steps (finally blocks, Dispose, DisposeAsync) that must never replace the failure a test reports: what
/// they cannot do they write to stderr instead of throwing (a leftover temporary directory fails nothing).
/// </summary>
public static class TestCleanup
{
    /// <summary>Removes directory <paramref name="path"/> and everything in it; one that is not there is nothing to do.</summary>
    public static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Run<IOException>("removing " + path, () => Directory.Delete(path, recursive: true));
        }
    }

    /// <summary>Runs one teardown step; a <typeparamref name="TException"/>, I/O or permission error of it goes to stderr.</summary>
    public static void Run<TException>(string what, Action step)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(step);
        RunAsync<TException>(what, () =>
        {
            step();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }

    /// <summary>Like <see cref="Run{TException}"/> for an asynchronous step.</summary>
    public static async Task RunAsync<TException>(string what, Func<Task> step)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"test cleanup: {what} failed: {e.Message}").ConfigureAwait(false);
        }
    }
}
