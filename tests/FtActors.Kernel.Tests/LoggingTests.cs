using System.Collections.Concurrent;
using FtActors.Kernel;
using FtActors.TestKit;
using Microsoft.Extensions.Logging;
using Xunit;

namespace FtActors.Kernel.Tests;

public class LoggingTests : ActorTestKit
{
    public LoggingTests()
        : this(new CapturingLoggerFactory())
    {
    }

    private LoggingTests(CapturingLoggerFactory logs)
        : base(new ActorSystemSettings { LoggerFactory = logs }) => Logs = logs;

    private CapturingLoggerFactory Logs { get; }

    [Fact]
    public async Task DeadLetter_IsLoggedWithEventId1010()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Watch(echo);
        Sys.Stop(echo);
        await ExpectTerminatedAsync(echo);

        echo.Tell("lost");

        await AwaitAssertAsync(() => Assert.Contains(Logs.Entries, e => e.EventId == 1010 && e.Message.Contains("String", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RestartLimit_IsLoggedWithEventId1022()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new SupervisorActor(new OneForOneStrategy(0, TimeSpan.FromMinutes(1)))));
        parent.Tell(new SupervisorActor.CreateChild(Props.Create(() => new CountingActor(probe)), "c"), TestActor);
        var child = await ExpectMsgAsync<IActorRef>();
        Watch(child);

        child.Tell("fail");

        await ExpectTerminatedAsync(child);
        Assert.Contains(Logs.Entries, e => e.EventId == 1022 && e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task Restart_IsLoggedAsWarningWithEventId1020()
    {
        var probe = CreateTestProbe();
        var counter = Sys.ActorOf(Props.Create(() => new CountingActor(probe)));

        counter.Tell("fail");
        counter.Tell("count");

        Assert.Equal(0, await probe.ExpectMsgAsync<int>());
        Assert.Contains(Logs.Entries, e => e.EventId == 1020 && e.Level == LogLevel.Warning && e.Message.Contains("Restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SystemStart_IsLoggedWithEventId1001()
    {
        await AwaitAssertAsync(() => Assert.Contains(Logs.Entries, e => e.EventId == 1001 && e.Level == LogLevel.Information));
    }

    internal sealed record Entry(int EventId, LogLevel Level, string Message, Exception? Exception);

    /// <summary>Keeps every log entry of every category in memory.</summary>
    internal sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue(new Entry(eventId.Id, logLevel, formatter(state, exception), exception));
    }
}
