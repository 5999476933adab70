using System.Diagnostics;
using FtActors.Kernel;
using FtActors.Kernel.Persistence;
using FtActors.Lab.Qmp;
using FtActors.Migration.Streaming;
using FtActors.Migration.Wire;
using FtActors.Pages;
using Microsoft.Extensions.Logging;

namespace FtActors.Migration.Session;

/// <summary>
/// Moves one running QEMU guest to a spare: Preparing -> Round(0) -> Round(n) -> StopAndCopy ->
/// DeviceState -> Committing -> Committed, or Aborted from any state. Every step's I/O runs as a task
/// whose result is piped back, so Receive never blocks. Started, each round and the outcome are persisted:
/// a coordinator restarted mid-session finds an unfinished session and aborts it (resuming the source),
/// and a finished one answers with its recorded outcome. A failed session is never restarted mid-round.
/// </summary>
public sealed class MigrationSessionActor : PersistentActor
{
    private readonly MigrationOptions _options;
    private readonly Guid _sessionId;
    private readonly IPageBatchEngine _engine;
    private readonly ILogger _logger;
    private readonly List<MigrationRoundDone> _recoveredRounds = [];
    private string? _recoveredOutcome;
    private bool _recoveredStarted;
    private IActorRef? _requester;
    private SourceConnection? _connection;
    private QmpClient? _qmp;
    private PageStreamer? _streamer;
    private long _start;
    private long _pausedAt;
    private bool _sourcePaused;
    private bool _deviceMigrationStarted;
    private int _roundsDone;
    private long _bytesRead;
    private long _pagesSent;
    private long _pagesReferenced;
    private long _zeroPages;
    private long _finalRoundPages;
    private long? _previousChanged;
    private long _deviceBytes;
    private bool? _digestsMatched;
    private double _downtimeMs;
    private string _state = "Preparing";

    /// <summary>Creates the session for <paramref name="options"/>; <paramref name="sessionId"/> names its journal stream.</summary>
    public MigrationSessionActor(MigrationOptions options, Guid sessionId, IPageBatchEngine engine, ILogger logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _sessionId = sessionId;
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public override string PersistenceId => $"migration-{_sessionId:N}";

    /// <summary>Props for a session; the journal must be registered with <see cref="MigrationPersistence.Register"/>.</summary>
    public static Props Props(MigrationOptions options, Guid sessionId, IPageBatchEngine engine, ILogger logger) =>
        FtActors.Kernel.Props.Create(() => new MigrationSessionActor(options, sessionId, engine, logger));

    /// <inheritdoc />
    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case MigrationStarted:
                _recoveredStarted = true;
                return true;
            case MigrationRoundDone r:
                _recoveredRounds.Add(r);
                return true;
            case MigrationCommitted:
                _recoveredOutcome = "committed";
                return true;
            case MigrationAborted a:
                _recoveredOutcome = "aborted: " + a.Reason;
                return true;
            case RecoveryCompleted:
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc />
    protected override bool ReceiveCommand(object message)
    {
        if (message is not StartMigration)
        {
            return message is AbortMigration;
        }

        _requester = Sender;
        _start = Stopwatch.GetTimestamp();
        if (_recoveredOutcome is not null)
        {
            _requester?.Tell(new MigrationFinished(Report(_recoveredOutcome.StartsWith("committed", StringComparison.Ordinal) ? "committed" : "aborted", _recoveredOutcome)));
            return true;
        }

        if (_recoveredStarted)
        {
            // A previous coordinator died mid-session: whatever it left, the safe end is the source running.
            _roundsDone = _recoveredRounds.Count;
            _sourcePaused = true;
            BeginAbort($"the coordinator restarted during the session (after {_recoveredRounds.Count} rounds)");
            return true;
        }

        Persist(new MigrationStarted(_sessionId, _options.Guest, $"{_options.Host}:{_options.Port}"), _ =>
        {
            Log.SessionStarted(_logger, _sessionId, _options.Guest, _options.Host, _options.Port);
            Context.Become(Preparing);
            Run("prepare", PrepareAsync());
        });
        return true;
    }

    private bool Preparing(object message)
    {
        switch (message)
        {
            case SessionPrepared p:
                _connection = p.Connection;
                _qmp = p.Qmp;
                _streamer = new PageStreamer(_options.RamFile, _engine, _connection.Held, new HashDirtyTracker(new FileInfo(_options.RamFile).Length / PageSize.Bytes));
                Progress($"receiver ready: destination {_connection.Welcome.Destination}, store {_connection.Welcome.StoreId:N}@{_connection.Welcome.StoreGeneration} holds {_connection.Welcome.HeldCount} hashes");
                StartRound(0, final: false);
                return true;
            default:
                return Common(message);
        }
    }

    private bool Rounds(object message)
    {
        switch (message)
        {
            case RoundFinished r:
                Persist(new MigrationRoundDone(r.Round, r.Final, r.Counters.PagesSent, r.Counters.PagesReferenced, r.Counters.ChangedPages, _connection!.BytesOnWire), e =>
                {
                    Account(r);
                    var elapsed = Stopwatch.GetElapsedTime(_start);
                    var rate = _connection.BytesOnWire / Math.Max(elapsed.TotalSeconds, 1e-3);
                    var stop = ConvergenceRule.StopReason(r.Round, r.Counters.ChangedPages, _previousChanged, rate, r.Elapsed, elapsed, _options);
                    _previousChanged = r.Counters.ChangedPages;
                    if (stop is null)
                    {
                        StartRound(r.Round + 1, final: false);
                    }
                    else
                    {
                        Progress($"stop and copy: {stop}");
                        _state = "StopAndCopy";
                        Context.Become(StopAndCopy);
                        Run("stop-and-copy", StopAndCopyAsync(r.Round + 1));
                    }
                });
                return true;
            default:
                return Common(message);
        }
    }

    private bool StopAndCopy(object message)
    {
        switch (message)
        {
            case RoundFinished r:
                _digestsMatched = r.DigestsMatched;
                _finalRoundPages = r.Counters.ChangedPages;
                Persist(new MigrationRoundDone(r.Round, true, r.Counters.PagesSent, r.Counters.PagesReferenced, r.Counters.ChangedPages, _connection!.BytesOnWire), _ =>
                {
                    Account(r);
                    if (r.DigestsMatched == false)
                    {
                        BeginAbort("the destination RAM digest differs from the paused source's after the final round");
                        return;
                    }

                    _state = "DeviceState";
                    Context.Become(DeviceState);
                    _deviceMigrationStarted = true;
                    Run("device-state", DeviceStateAsync());
                });
                return true;
            default:
                return Common(message);
        }
    }

    private bool DeviceState(object message)
    {
        switch (message)
        {
            case DeviceStateMoved d:
                _deviceBytes = d.Info.RamTransferred ?? 0;
                Progress($"device state moved: {_deviceBytes} bytes");
                _state = "Committing";
                Context.Become(Committing);
                Run("commit", CommitAsync());
                return true;
            default:
                return Common(message);
        }
    }

    private bool Committing(object message)
    {
        switch (message)
        {
            case DestinationCommitted c:
                var total = Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
                Persist(new MigrationCommitted(_downtimeMs, total), _ =>
                {
                    _state = "Committed";
                    Log.SessionCommitted(_logger, _sessionId, _options.Guest, _downtimeMs, total);
                    Progress($"committed: destination {c.RunState}");
                    Context.Become(Finished);
                    Finish(Report("committed", null));
                });
                return true;
            default:
                return Common(message);
        }
    }

    private bool Aborting(object message)
    {
        switch (message)
        {
            case AbortCleanedUp a:
                Persist(new MigrationAborted(a.Reason, a.State), _ =>
                {
                    Log.SessionAborted(_logger, _sessionId, _options.Guest, a.State, a.Reason);
                    Context.Become(Finished);
                    Finish(Report("aborted", a.Reason));
                });
                return true;
            case StepFailed or AbortMigration:
                // Already aborting; later failures are consequences of the first.
                return true;
            default:
                return false;
        }
    }

    private static bool Finished(object message) => message is StepFailed or AbortMigration or AbortCleanedUp;

    private bool Common(object message)
    {
        switch (message)
        {
            case StepFailed f:
                BeginAbort($"{f.Step}: {f.Cause.Message}");
                return true;
            case AbortMigration a:
                BeginAbort(a.Reason);
                return true;
            case SessionPrepared p:
                // Prepared after an abort began elsewhere: release what it opened.
                _ = ReleaseAsync(p.Connection, p.Qmp);
                return true;
            default:
                return false;
        }
    }

    private void StartRound(int round, bool final)
    {
        _state = $"Round({round})";
        Context.Become(Rounds);
        Run($"round {round}", RoundAsync(round, final, verify: false));
    }

    private void Account(RoundFinished r)
    {
        _roundsDone++;
        _bytesRead += r.Counters.BytesRead;
        _pagesSent += r.Counters.PagesSent;
        _pagesReferenced += r.Counters.PagesReferenced;
        if (r.Round == 0)
        {
            _zeroPages = r.Counters.ZeroPages;
        }

        Progress($"round {r.Round}{(r.Final ? " (final, source paused)" : string.Empty)}: {r.Counters.ChangedPages} pages changed, {r.Counters.PagesSent} sent, {r.Counters.PagesReferenced} referenced, {r.Counters.ZeroPages} zero, {r.Counters.HolePages} in holes, {r.Elapsed.TotalMilliseconds:0} ms; {_connection!.BytesOnWire} bytes on the wire");
    }

    private void BeginAbort(string reason)
    {
        var state = _state;
        _state = "Aborted";
        Progress($"aborting in {state}: {reason}");
        Context.Become(Aborting);
        var connection = _connection;
        var qmp = _qmp;
        var paused = _sourcePaused;
        var migrating = _deviceMigrationStarted;
        var self = Self;
        AbortAsync(connection, qmp, paused, migrating, reason).ContinueWith(
            _ => self.Tell(new AbortCleanedUp(reason, state)),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task AbortAsync(SourceConnection? connection, QmpClient? qmp, bool paused, bool migrating, string reason)
    {
        try
        {
            if (connection is not null)
            {
                await connection.AbortAsync(reason).ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            qmp ??= await QmpClient.ConnectAsync(_options.QmpSocket, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            if (migrating)
            {
                await IgnoreQmpErrors(qmp.MigrateCancelAsync()).ConfigureAwait(false);
            }

            var status = await qmp.QueryStatusAsync().ConfigureAwait(false);
            if (paused || !status.Running)
            {
                // Resume the source: its RAM was never touched (the copy only read it).
                await qmp.ContAsync().ConfigureAwait(false);
            }

            await qmp.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.AbortCleanupFailed(_logger, e, _sessionId);
        }
    }

    private static async Task IgnoreQmpErrors(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (QmpException)
        {
            // No migration to cancel.
        }
    }

    private async Task<object> PrepareAsync()
    {
        var qmp = await QmpClient.ConnectAsync(_options.QmpSocket, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        try
        {
            var status = await qmp.QueryStatusAsync().ConfigureAwait(false);
            if (!status.Running)
            {
                throw new MigrationException($"the source guest was expected to be running, found it {status.Status}");
            }

            var hello = new SessionHello(PageFrameCodec.Version, _sessionId, _options.Guest, _options.MemoryMiB, _options.Machine, _options.Workload, _options.Mb, _options.VectorKb, _options.Iterations, Guid.Empty);
            using var cts = new CancellationTokenSource(_options.StepTimeout);
            var connection = await SourceConnection.ConnectAsync(_options, hello, _engine, cts.Token).ConfigureAwait(false);
            return new SessionPrepared(connection, qmp);
        }
        catch
        {
            await qmp.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<object> RoundAsync(int round, bool final, bool verify)
    {
        var counters = new RoundCounters();
        var started = Stopwatch.GetTimestamp();
        var connection = _connection!;
        var streamer = _streamer!;
        // The streamer hashes on this pool thread; the mailbox stays free for an AbortMigration.
        await Task.Run(() => connection.RunRoundAsync(round, final, streamer, counters, CancellationToken.None)).ConfigureAwait(false);
        bool? matched = null;
        if (verify)
        {
            var ours = await Task.Run(() => RamDigest.Compute(_options.RamFile, _engine)).ConfigureAwait(false);
            using var cts = new CancellationTokenSource(_options.StepTimeout);
            var theirs = await connection.DigestAsync(cts.Token).ConfigureAwait(false);
            matched = ours == theirs;
        }

        return new RoundFinished(round, final, counters, Stopwatch.GetElapsedTime(started), matched);
    }

    private async Task<object> StopAndCopyAsync(int round)
    {
        await _qmp!.StopAsync().ConfigureAwait(false);
        _pausedAt = Stopwatch.GetTimestamp();
        _sourcePaused = true;
        return await RoundAsync(round, final: true, verify: _options.VerifyDigest).ConfigureAwait(false);
    }

    private async Task<object> DeviceStateAsync()
    {
        var welcome = _connection!.Welcome;
        await _qmp!.MigrateSetCapabilitiesAsync(new Dictionary<string, bool> { ["x-ignore-shared"] = true }).ConfigureAwait(false);
        await _qmp.MigrateAsync($"tcp:{welcome.DeviceAddress}:{welcome.DevicePort}").ConfigureAwait(false);
        var info = await _qmp.WaitForMigrationAsync(_options.StepTimeout, TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        if (info.Status != "completed")
        {
            throw new MigrationException($"QEMU's device-state migration was expected to complete, found status {info.Status}{(info.ErrorDesc is { } d ? ": " + d : string.Empty)}");
        }

        return new DeviceStateMoved(info);
    }

    private async Task<object> CommitAsync()
    {
        using var cts = new CancellationTokenSource(_options.StepTimeout);
        var state = await _connection!.CommitAsync(_options.ResumeDestination, cts.Token).ConfigureAwait(false);
        _downtimeMs = Stopwatch.GetElapsedTime(_pausedAt).TotalMilliseconds;
        if (_options.QuitSource)
        {
            await _qmp!.QuitAsync().ConfigureAwait(false);
        }

        await ReleaseAsync(_connection, _options.QuitSource ? null : _qmp).ConfigureAwait(false);
        return new DestinationCommitted(state);
    }

    private static async Task ReleaseAsync(SourceConnection connection, QmpClient? qmp)
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        if (qmp is not null)
        {
            await qmp.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Run(string step, Task<object> task)
    {
        task.PipeTo(Self, failure: e => new StepFailed(step, e is AggregateException { InnerException: { } inner } ? inner : e));
    }

    private void Progress(string text)
    {
        Log.Progress(_logger, _sessionId, _state, text);
        _requester?.Tell(new MigrationProgress(_state, text));
    }

    private void Finish(MigrationReport report) => _requester?.Tell(new MigrationFinished(report));

    private MigrationReport Report(string outcome, string? reason) => new(
        _sessionId, _options.Guest, outcome, reason, _roundsDone, _bytesRead, _connection?.BytesOnWire ?? 0, _deviceBytes,
        _pagesSent, _pagesReferenced, _zeroPages, _finalRoundPages, _downtimeMs, Stopwatch.GetElapsedTime(_start).TotalMilliseconds,
        _digestsMatched, _connection?.Welcome?.HeldCount ?? 0);
}
