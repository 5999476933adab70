using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using FtActors.Qemu.Qmp;
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
public sealed class MigrationSessionActor : PersistentActor, IWithTimers
{
    /// <summary>One data page in this many is hashed for the estimate after round 0.</summary>
    private const int SampleStride = 16;
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
    private List<(SourceConnection Connection, PageStreamer Streamer)> _lanes = [];
    private SoftDirtyTracker? _softDirty;
    private HashDirtyTracker? _tracker;
    private DirtyFrameSet? _candidates;
    private string _tracking = "hash";
    private readonly Dictionary<string, double> _phases = [];
    private long _phaseStart;
    private long _wireAccounted;
    private double _migrationMs;
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
    private BatchCursor? _roundCursor;
    private int _round;
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

    /// <summary>How often a running round reports how far it got (<see cref="MigrationRoundProgress"/>).</summary>
    public static readonly TimeSpan RoundProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    public override string PersistenceId => $"migration-{_sessionId:N}";

    /// <summary>Props for a session; its events are stored with <see cref="MigrationEventSerializer"/>.</summary>
    public static Props Props(MigrationOptions options, Guid sessionId, IPageBatchEngine engine, ILogger logger) =>
        Akka.Actor.Props.Create(() => new MigrationSessionActor(options, sessionId, engine, logger));

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
            LogMessages.SessionStarted(_logger, _sessionId, _options.Guest, _options.Host, _options.Port);
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
                _lanes = Partition(p.Lanes);
                _softDirty = p.SoftDirty;
                _candidates = p.SoftDirty is null ? null : new DirtyFrameSet(p.SoftDirty.FrameCount);
                _tracking = p.Tracking;
                Phase("prepare");
                foreach (var (name, ms) in p.Timings)
                {
                    _phases["prepare:" + name] = ms;
                }

                _phases["destination-start"] = _connection.Welcome.DestinationStartMs;
                Progress($"receiver ready: destination {_connection.Welcome.Destination} (started in {_connection.Welcome.DestinationStartMs:0} ms), store {_connection.Welcome.StoreId:N}@{_connection.Welcome.StoreGeneration} holds {_connection.Welcome.HeldCount} hashes; {_lanes.Count} page connection(s); dirty tracking: {_tracking}");
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
                Persist(new MigrationRoundDone(r.Round, r.Final, r.Counters.PagesSent, r.Counters.PagesReferenced, r.Counters.ChangedPages, BytesOnWire), e =>
                {
                    Account(r);
                    var elapsed = Stopwatch.GetElapsedTime(_start);
                    // With a fresh store little travels and the measured rate says nothing about the link: use the floor then.
                    var rate = Math.Max(BytesOnWire / Math.Max(elapsed.TotalSeconds, 1e-3), _options.LinkRateFloor);
                    if (r.Sample is { } sample)
                    {
                        _phases["round-0:sample"] = sample.Ms;
                        Progress($"sample after round 0: {sample.Result.Changed} of {sample.Result.Sampled} sampled pages changed, about {sample.Result.Estimated} in all ({sample.Ms:0} ms)");
                    }

                    var stop = ConvergenceRule.StopReason(r.Round, r.Counters.ChangedPages, _previousChanged, rate, r.Elapsed, elapsed, r.Sample?.Result.Estimated, _options);
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
                Persist(new MigrationRoundDone(r.Round, true, r.Counters.PagesSent, r.Counters.PagesReferenced, r.Counters.ChangedPages, BytesOnWire), _ =>
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
                Phase("device-state");
                _migrationMs = Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
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
                Phase("commit");
                _options.Metrics?.SourceSession(_options.Guest, committed: true, _downtimeMs, total);
                Persist(new MigrationCommitted(_downtimeMs, total), _ =>
                {
                    _state = "Committed";
                    LogMessages.SessionCommitted(_logger, _sessionId, _options.Guest, _downtimeMs, total);
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
            case SessionPrepared p:
                _ = ReleaseAsync(p.Lanes, p.Qmp);
                return true;
            case AbortCleanedUp a:
                _options.Metrics?.SourceSession(_options.Guest, committed: false, 0, Stopwatch.GetElapsedTime(_start).TotalMilliseconds);
                Persist(new MigrationAborted(a.Reason, a.State), _ =>
                {
                    LogMessages.SessionAborted(_logger, _sessionId, _options.Guest, a.State, a.Reason);
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
            case RoundProgressTick:
                if (_roundCursor is { } cursor)
                {
                    _requester?.Tell(new MigrationRoundProgress(_round, cursor.FramesTaken, cursor.EndFrame - cursor.FirstFrame));
                }

                return true;
            case AbortMigration a:
                BeginAbort(a.Reason);
                return true;
            case SessionPrepared p:
                // Prepared after an abort began elsewhere: release what it opened.
                _ = ReleaseAsync(p.Lanes, p.Qmp);
                return true;
            default:
                return false;
        }
    }

    private void StartRound(int round, bool final)
    {
        _state = $"Round({round})";
        _round = round;
        Timers.StartPeriodicTimer("round-progress", RoundProgressTick.Instance, RoundProgressInterval);
        Context.Become(Rounds);
        Run($"round {round}", RoundAsync(round, final, verify: false));
    }

    private long BytesOnWire => _lanes.Count == 0 ? _connection?.BytesOnWire ?? 0 : _lanes.Sum(l => l.Connection.BytesOnWire);

    private void Phase(string name)
    {
        var now = Stopwatch.GetTimestamp();
        _phases[name] = Stopwatch.GetElapsedTime(_phaseStart == 0 ? _start : _phaseStart, now).TotalMilliseconds;
        _phaseStart = now;
    }

    private List<(SourceConnection Connection, PageStreamer Streamer)> Partition(IReadOnlyList<SourceConnection> lanes)
    {
        // Every connection's streamer covers the whole file; each round hands out its batches through one
        // shared BatchCursor, so a batch goes to whichever connection is free (the frames stay disjoint, and
        // all share one tracker). Fixed halves left one core idle when the guest's data sat in one half.
        var frames = new FileInfo(_options.RamFile).Length / PageSize.Bytes;
        var tracker = new HashDirtyTracker(frames);
        _tracker = tracker;
        return lanes.Select(lane => (lane, new PageStreamer(_options.RamFile, _engine, lanes[0].Held, tracker))).ToList();
    }

    private void Account(RoundFinished r)
    {
        Timers.Cancel("round-progress");
        _roundCursor = null;
        var name = r.Final ? "final-round" : $"round-{r.Round}";
        Phase(name);
        _phases[name + ":read"] = r.Counters.ReadMs;
        _phases[name + ":credit-wait"] = r.Counters.CreditWaitMs;
        _phases[name + ":write"] = r.Counters.WriteMs;
        _phases[name + ":done-wait"] = r.Counters.DoneWaitMs;
        var wire = BytesOnWire;
        _options.Metrics?.SourceRound(_options.Guest, r.Counters, wire - _wireAccounted);
        _wireAccounted = wire;
        _roundsDone++;
        _bytesRead += r.Counters.BytesRead;
        _pagesSent += r.Counters.PagesSent;
        _pagesReferenced += r.Counters.PagesReferenced;
        if (r.Round == 0)
        {
            _zeroPages = r.Counters.ZeroPages;
        }

        Progress($"round {r.Round}{(r.Final ? " (final, source paused)" : string.Empty)}: {r.Counters.ChangedPages} pages changed, {r.Counters.PagesSent} sent, {r.Counters.PagesReferenced} referenced, {r.Counters.ZeroPages} zero, {r.Counters.HolePages} in holes, {r.Elapsed.TotalMilliseconds:0} ms; {BytesOnWire} bytes on the wire");
    }

    private void BeginAbort(string reason)
    {
        var state = _state;
        _state = "Aborted";
        Progress($"aborting in {state}: {reason}");
        Context.Become(Aborting);
        var lanes = _lanes.Count > 0 ? _lanes.Select(l => l.Connection).ToList() : (_connection is null ? [] : [_connection]);
        var qmp = _qmp;
        var paused = _sourcePaused;
        var migrating = _deviceMigrationStarted;
        var self = Self;
        AbortAsync(lanes, qmp, paused, migrating, reason).ContinueWith(
            _ => self.Tell(new AbortCleanedUp(reason, state)),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task AbortAsync(List<SourceConnection> lanes, QmpClient? qmp, bool paused, bool migrating, string reason)
    {
        try
        {
            if (lanes.Count > 0)
            {
                await lanes[0].AbortAsync(reason).ConfigureAwait(false);
            }

            foreach (var lane in lanes)
            {
                await lane.DisposeAsync().ConfigureAwait(false);
            }

            qmp ??= await QmpClient.ConnectAsync(_options.QmpSocket, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            if (migrating)
            {
                await IgnoreQmpErrors(qmp.MigrateCancelAsync()).ConfigureAwait(false);
            }

            // Prepare set x-ignore-shared; left on, a later plain QEMU migration would skip the shared RAM.
            await IgnoreQmpErrors(qmp.MigrateSetCapabilitiesAsync(new Dictionary<string, bool> { ["x-ignore-shared"] = false })).ConfigureAwait(false);

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
            LogMessages.AbortCleanupFailed(_logger, e, _sessionId);
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
        var timings = new Dictionary<string, double>();
        var t0 = Stopwatch.GetTimestamp();
        var qmp = await QmpClient.ConnectAsync(_options.QmpSocket, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        try
        {
            var status = await qmp.QueryStatusAsync().ConfigureAwait(false);
            if (!status.Running)
            {
                throw new MigrationException($"the source guest was expected to be running, found it {status.Status}");
            }

            // Set now, not in the paused window: the capability only matters once `migrate` runs, and every
            // QMP round trip saved after `stop` is downtime saved. An abort clears it again.
            await qmp.MigrateSetCapabilitiesAsync(new Dictionary<string, bool> { ["x-ignore-shared"] = true }).ConfigureAwait(false);
            timings["qmp"] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            var t1 = Stopwatch.GetTimestamp();
            var (softDirty, tracking) = ChooseTracking();
            timings["dirty-tracking"] = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
            var hello = new SessionHello(PageFrameCodec.Version, _sessionId, _options.Guest, _options.MemoryMiB, _options.Machine, _options.Workload, _options.Mb, _options.VectorKb, _options.Iterations, Guid.Empty)
            {
                Lanes = _options.Connections,
            };
            using var cts = new CancellationTokenSource(_options.StepTimeout);
            var connection = await SourceConnection.ConnectAsync(_options, hello, _engine, cts.Token).ConfigureAwait(false);
            foreach (var (name, ms) in connection.ConnectTimings)
            {
                timings[name] = ms;
            }

            var lanes = new List<SourceConnection> { connection };
            var t2 = Stopwatch.GetTimestamp();
            try
            {
                for (var i = 1; i < _options.Connections; i++)
                {
                    lanes.Add(await SourceConnection.JoinAsync(_options, hello with { Lane = i }, connection, cts.Token).ConfigureAwait(false));
                }

                timings["join"] = Stopwatch.GetElapsedTime(t2).TotalMilliseconds;
            }
            catch
            {
                await connection.AbortAsync("a further page connection could not be opened").ConfigureAwait(false);
                await ReleaseAsync(lanes, null).ConfigureAwait(false);
                throw;
            }

            return new SessionPrepared(connection, qmp, lanes, softDirty, tracking, timings);
        }
        catch
        {
            await qmp.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private (SoftDirtyTracker? Tracker, string Description) ChooseTracking()
    {
        if (_options.DirtyTracking == DirtyTrackingMode.Hash)
        {
            return (null, "hash (as asked)");
        }

        string? reason;
        SoftDirtyTracker? tracker = null;
        if (_options.QemuPid is not { } pid)
        {
            reason = "the source QEMU's pid is unknown";
        }
        else
        {
            tracker = SoftDirtyTracker.TryOpen(pid, _options.RamFile, out reason);
        }

        if (tracker is not null)
        {
            return (tracker, "soft-dirty");
        }

        if (_options.DirtyTracking == DirtyTrackingMode.SoftDirty)
        {
            throw new MigrationException($"soft-dirty tracking was asked for but cannot work: {reason}");
        }

        return (null, $"hash (soft-dirty unavailable: {reason})");
    }

    private async Task<object> RoundAsync(int round, bool final, bool verify)
    {
        var started = Stopwatch.GetTimestamp();
        var connection = _connection!;
        var lanes = _lanes;
        DirtyFrameSet? candidates = null;
        if (_softDirty is not null)
        {
            if (round == 0)
            {
                // Cleared once, before anything is read; later rounds see every page written since (see SoftDirtyTracker).
                _softDirty.Clear();
            }
            else
            {
                _softDirty.Collect(_candidates!);
                candidates = _candidates;
            }
        }

        var perLane = lanes.Select(_ => new RoundCounters()).ToArray();
        var cursor = new BatchCursor(0, lanes[0].Streamer.FrameCount);
        _roundCursor = cursor; // still on the actor's thread: nothing was awaited yet
        // Each connection hashes its range on its own pool thread; the mailbox stays free for an AbortMigration.
        using var failed = new CancellationTokenSource();
        await Task.WhenAll(lanes.Select((lane, i) => Task.Run(async () =>
        {
            try
            {
                await lane.Connection.RunRoundAsync(round, final, lane.Streamer, perLane[i], candidates, cursor, failed.Token).ConfigureAwait(false);
            }
            catch
            {
                // One connection failing ends the round on all of them at once.
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }))).ConfigureAwait(false);
        var counters = Sum(perLane);
        (ChangeSample.Result Result, double Ms)? sample = null;
        if (round == 0 && !final && _softDirty is null && _tracker is not null)
        {
            // Hashing tracking: a whole live round costs a hash of every page; a sample says first whether
            // the guest changed enough to need one (see ConvergenceRule).
            var t = Stopwatch.GetTimestamp();
            var result = ChangeSample.Take(_options.RamFile, _engine, _tracker, SampleStride);
            sample = (result, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        bool? matched = null;
        if (verify)
        {
            var ours = await Task.Run(() => RamDigest.Compute(_options.RamFile, _engine)).ConfigureAwait(false);
            using var cts = new CancellationTokenSource(_options.StepTimeout);
            var theirs = await connection.DigestAsync(cts.Token).ConfigureAwait(false);
            matched = ours == theirs;
        }

        return new RoundFinished(round, final, counters, Stopwatch.GetElapsedTime(started), matched, sample);
    }

    private async Task<object> StopAndCopyAsync(int round)
    {
        // Downtime counts from before the stop command: the guest may stop before QMP's answer arrives.
        _pausedAt = Stopwatch.GetTimestamp();
        _sourcePaused = true;
        await _qmp!.StopAsync().ConfigureAwait(false);
        _phases["final-round:stop"] = Stopwatch.GetElapsedTime(_pausedAt).TotalMilliseconds;
        return await RoundAsync(round, final: true, verify: _options.VerifyDigest).ConfigureAwait(false);
    }

    private async Task<object> DeviceStateAsync()
    {
        var welcome = _connection!.Welcome;
        await _qmp!.MigrateAsync($"tcp:{welcome.DeviceAddress}:{welcome.DevicePort}").ConfigureAwait(false);
        // The source is paused and this is downtime: poll often (QMP on a local socket costs well under 1 ms).
        var info = await _qmp.WaitForMigrationAsync(_options.StepTimeout, TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
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

        await ReleaseAsync(_lanes.Select(l => l.Connection).ToList(), _options.QuitSource ? null : _qmp).ConfigureAwait(false);
        return new DestinationCommitted(state);
    }

    private static RoundCounters Sum(RoundCounters[] all) => new()
    {
        BytesRead = all.Sum(c => c.BytesRead),
        PagesSent = all.Sum(c => c.PagesSent),
        PagesReferenced = all.Sum(c => c.PagesReferenced),
        ZeroPages = all.Sum(c => c.ZeroPages),
        UnchangedPages = all.Sum(c => c.UnchangedPages),
        HolePages = all.Sum(c => c.HolePages),
        Batches = all.Sum(c => c.Batches),
        ChangedPages = all.Sum(c => c.ChangedPages),
        // The connections run in parallel: the slowest one's time is the round's.
        ReadMs = all.Max(c => c.ReadMs),
        CreditWaitMs = all.Max(c => c.CreditWaitMs),
        WriteMs = all.Max(c => c.WriteMs),
        DoneWaitMs = all.Max(c => c.DoneWaitMs),
    };

    private static async Task ReleaseAsync(IReadOnlyList<SourceConnection> lanes, QmpClient? qmp)
    {
        foreach (var connection in lanes)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

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
        LogMessages.Progress(_logger, _sessionId, _state, text);
        _requester?.Tell(new MigrationProgress(_state, text));
    }

    private void Finish(MigrationReport report) => _requester?.Tell(new MigrationFinished(report));

    private MigrationReport Report(string outcome, string? reason) => new(
        _sessionId, _options.Guest, outcome, reason, _roundsDone, _bytesRead, BytesOnWire, _deviceBytes,
        _pagesSent, _pagesReferenced, _zeroPages, _finalRoundPages, _downtimeMs, Stopwatch.GetElapsedTime(_start).TotalMilliseconds,
        _digestsMatched, _connection?.Welcome?.HeldCount ?? 0)
    {
        MigrationMs = _migrationMs,
        PhasesMs = new Dictionary<string, double>(_phases),
        Connections = _lanes.Count,
        DirtyTracking = _tracking,
    };
}
