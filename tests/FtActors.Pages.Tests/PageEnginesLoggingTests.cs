using Microsoft.Extensions.Logging;

namespace FtActors.Pages.Tests;

/// <summary>The engine choice is logged once, even when logging is configured after the choice.</summary>
public sealed class PageEnginesLoggingTests
{
    [Fact]
    public void UseLogging_AfterChoice_LogsEngineChosenWithReason()
    {
        _ = PageEngines.Default;
        var factory = new CapturingLoggerFactory();

        PageEngines.UseLogging(factory);
        PageEngines.UseLogging(factory);

        (LogLevel level, EventId id, string message) = Assert.Single(factory.Entries, e => e.Id.Id == 5001);
        Assert.Equal(LogLevel.Information, level);
        Assert.Equal($"Page engine chosen: {PageEngines.Default.Name} ({PageEngines.DefaultReason})", message);
        Assert.Equal(PageEngines.Native is null ? 1 : 0, factory.Entries.Count(e => e.Id.Id == 5002));
    }

    private sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
    {
        public List<(LogLevel Level, EventId Id, string Message)> Entries { get; } = [];

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId, formatter(state, exception)));
    }
}
