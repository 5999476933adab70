using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Pages;

/// <summary>
/// Where callers get a page engine. <see cref="Default"/> is the native engine when libftpages.so loads
/// and its ABI version matches, else the managed one; the choice is made once per process, on first use,
/// and logged (event 5001) to the factory given to <see cref="UseLogging"/>.
/// </summary>
public static class PageEngines
{
    private static readonly Lazy<Choice> s_choice = new(Choose, LazyThreadSafetyMode.ExecutionAndPublication);
    private static ILoggerFactory s_loggerFactory = NullLoggerFactory.Instance;
    private static int s_logged;

    /// <summary>The engine every caller should use: native when available, else managed.</summary>
    public static IPageBatchEngine Default => s_choice.Value.Engine;

    /// <summary>The managed engine, always available (tests and benchmarks use it next to the native one).</summary>
    public static IPageBatchEngine Managed => ManagedPageEngine.Instance;

    /// <summary>The native engine, or null when libftpages.so is absent or does not match this build.</summary>
    public static IPageBatchEngine? Native => s_choice.Value.Native;

    /// <summary>Why <see cref="Default"/> is what it is, e.g. the load error of the native library.</summary>
    public static string DefaultReason => s_choice.Value.Reason;

    /// <summary>
    /// Sets where the engine choice is logged. If the choice has already been made it is logged now, so a
    /// host that configures logging late still records which engine it runs on (at most once per process).
    /// </summary>
    public static void UseLogging(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        s_loggerFactory = loggerFactory;
        if (s_choice.IsValueCreated)
        {
            LogChoice(s_choice.Value);
        }
    }

    private static Choice Choose()
    {
        NativePageEngine? native = NativePageEngine.TryCreate(out string reason);
        Choice choice = native is null
            ? new Choice(ManagedPageEngine.Instance, null, reason)
            : new Choice(native, native, reason);
        if (s_loggerFactory != NullLoggerFactory.Instance)
        {
            LogChoice(choice);
        }

        return choice;
    }

    private static void LogChoice(Choice choice)
    {
        if (Interlocked.Exchange(ref s_logged, 1) != 0)
        {
            return;
        }

        ILogger logger = s_loggerFactory.CreateLogger(typeof(PageEngines).FullName!);
        if (choice.Native is null)
        {
            Log.NativeUnavailable(logger, choice.Reason);
        }

        Log.EngineChosen(logger, choice.Engine.Name, choice.Reason);
    }

    private sealed record Choice(IPageBatchEngine Engine, IPageBatchEngine? Native, string Reason);
}
