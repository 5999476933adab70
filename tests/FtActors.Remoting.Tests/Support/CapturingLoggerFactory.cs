using System.Collections.Concurrent;
using FtActors.TestKit;
using Microsoft.Extensions.Logging;

namespace FtActors.Remoting.Tests.Support;

/// <summary>Collects every log line so tests can assert that a fault was logged clearly (event id and text).</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyCollection<LogLine> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    /// <summary>Waits until a line matching <paramref name="predicate"/> has been logged; fails with all lines if none comes.</summary>
    public async Task<LogLine> WaitForAsync(Func<LogLine, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestKitSettings.Dilated(TimeSpan.FromSeconds(15)));
        while (DateTime.UtcNow < deadline)
        {
            var hit = _lines.FirstOrDefault(predicate);
            if (hit is not null)
            {
                return hit;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException("Expected log line not found. Lines:\n" + string.Join('\n', _lines));
    }

    internal sealed record LogLine(int EventId, LogLevel Level, string Text)
    {
        public override string ToString() => $"[{EventId} {Level}] {Text}";
    }

    private sealed class Logger(CapturingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue(new LogLine(eventId.Id, logLevel, formatter(state, exception)));
    }
}
