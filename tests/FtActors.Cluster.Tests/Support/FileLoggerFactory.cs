using Microsoft.Extensions.Logging;

namespace FtActors.Cluster.Tests.Support;

/// <summary>Appends every log line to the file named by FTACTORS_TEST_LOG (no-op when unset): diagnostics for failed runs.</summary>
public sealed class FileLoggerFactory : ILoggerFactory
{
    private static readonly Lock Gate = new();
    private readonly string? _path = Environment.GetEnvironmentVariable("FTACTORS_TEST_LOG");
    private readonly string _node;

    public FileLoggerFactory(string node) => _node = node;

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Write(string text)
    {
        if (_path is null)
        {
            return;
        }

        lock (Gate)
        {
            File.AppendAllText(_path, $"{DateTime.UtcNow:HH:mm:ss.fff} {_node} {text}\n");
        }
    }

    private sealed class FileLogger(FileLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => owner._path is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Write($"[{logLevel} {eventId.Id} {category}] {formatter(state, exception)} {exception}");
    }
}
