using System.Diagnostics;
using Akka.Actor;
using FtActors.Pages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Upkeep;

/// <summary>
/// Keeps one guest's spare current (one actor per guest, on the compute node). Every scan interval it scans the
/// guest's shared RAM file read-only on a thread-pool task (the guest is never paused), tracks each frame's
/// stability, ships the selected pages the spare lacks within the bandwidth budget, then the guest's frame map,
/// and publishes a <see cref="CoverageReport"/>. The actor itself only starts tasks and receives their results.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor ends in PostStop, which cancels and disposes the token source; actors are not IDisposable.")]
public sealed class VmActor : ReceiveActor, IWithTimers
{
    private readonly string _guest;
    private readonly string _ramFile;
    private readonly Func<CancellationToken, Task<IStoreFeed>> _connect;
    private readonly UpkeepSettings _settings;
    private readonly IActorRef? _reportTo;
    private readonly IPageEngine? _engine;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();

    // Ownership: while _busy, the running task reads _held and _stability, updates _stability and the two
    // buckets, and draws sequence numbers; the actor touches none of them until the task's result arrives.
    private readonly FrameStability _stability = new(0);
    private readonly HashSet<PageHash> _held = [];
    private readonly TokenBucket _scanBudget;
    private readonly TokenBucket _bandwidth;
    private ulong _sequence;
    private bool _busy;

    private IStoreFeed? _feed;
    private ScanResult? _last;
    private CoverageReport _coverage;
    private long _scans;
    private long _pagesSent;
    private long _bytesSent;
    private TimeSpan _lastScanDuration;
    private string? _lastError;

    /// <summary>Creates the actor; use <see cref="Props"/>, which Akka calls this through.</summary>
    public VmActor(string guest, string ramFile, Func<CancellationToken, Task<IStoreFeed>> connect, UpkeepSettings settings, IActorRef? reportTo, IPageEngine? engine, TimeProvider? time, ILogger? logger)
    {
        _guest = guest;
        _ramFile = ramFile;
        _connect = connect;
        _settings = settings;
        _reportTo = reportTo;
        _engine = engine;
        _logger = logger ?? NullLogger.Instance;
        time ??= TimeProvider.System;

        // A second of budget as burst: a 1 MiB batch always fits, and the rate holds over any longer window.
        _scanBudget = new TokenBucket(settings.ScanRate, Math.Max(settings.ScanRate, PageSize.BatchPages * PageSize.Bytes), time);
        _bandwidth = new TokenBucket(settings.BandwidthBudget, Math.Max(settings.BandwidthBudget, (FeedShipper.BatchPages * (16 + PageSize.Bytes)) + 4), time);
        _coverage = new CoverageReport(guest, string.Empty, 0, 0, time.GetUtcNow());

        Receive<Tick>(_ => OnTick());
        Receive<ScanNow>(_ => OnTick());
        Receive<FeedConnected>(OnConnected);
        Receive<FeedFailed>(f => OnFeedFailed(f.Cause));
        Receive<CycleDone>(OnCycleDone);
        Receive<Status.Failure>(f =>
        {
            _busy = false;
            _lastError = f.Cause.Message;
            LogMessages.ScanFailed(_logger, _guest, f.Cause.Message);
        });
        Receive<GetCoverage>(_ => Sender.Tell(_coverage));
        Receive<GetUpkeepStatus>(_ => Sender.Tell(new UpkeepStatus(_guest, _feed?.Spare, _scans, _last?.NonZeroHashes.Count ?? 0,
            _last?.SelectedFrames ?? 0, _coverage.HeldPages, _pagesSent, _bytesSent, _lastScanDuration, _lastError)));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Creates the actor's props.</summary>
    /// <param name="guest">Guest name (the spare keeps the map under it).</param>
    /// <param name="ramFile">The guest's shared RAM file (QEMU memory-backend-file share=on), opened read-only.</param>
    /// <param name="connect">Opens the feed to the assigned spare (e.g. <see cref="StoreFeedClient.ConnectAsync"/>); called again after a failure.</param>
    /// <param name="settings">Interval, policy, budgets.</param>
    /// <param name="reportTo">Also gets every <see cref="CoverageReport"/> (the placement coordinator's proxy); may be null.</param>
    /// <param name="engine">Page engine; the default when null.</param>
    /// <param name="time">Clock of the budgets; the system clock when null (the scan timer uses the actor system's clock).</param>
    /// <param name="logger">Logger; none when null.</param>
    public static Props Props(string guest, string ramFile, Func<CancellationToken, Task<IStoreFeed>> connect, UpkeepSettings settings,
        IActorRef? reportTo = null, IPageEngine? engine = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(guest);
        ArgumentException.ThrowIfNullOrEmpty(ramFile);
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return Akka.Actor.Props.Create(() => new VmActor(guest, ramFile, connect, settings, reportTo, engine, time, logger));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("scan", Tick.Instance, TimeSpan.Zero, _settings.ScanInterval);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopping.Cancel();
        if (_feed is not null)
        {
            _ = _feed.DisposeAsync().AsTask();
        }

        _stopping.Dispose();
    }

    private void OnTick()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        if (_feed is null)
        {
            _connect(_stopping.Token).PipeTo(Self, success: f => new FeedConnected(f), failure: e => new FeedFailed(e));
            return;
        }

        StartCycle(_feed);
    }

    private void OnConnected(FeedConnected c)
    {
        _feed = c.Feed;
        _held.Clear();
        _held.UnionWith(c.Feed.InitiallyHeld);
        LogMessages.FeedConnected(_logger, _guest, c.Feed.Spare, _held.Count);
        StartCycle(c.Feed);
    }

    private void OnFeedFailed(Exception cause)
    {
        _busy = false;
        _lastError = cause.Message;
        LogMessages.FeedFailed(_logger, _guest, cause.Message);
        if (_feed is not null)
        {
            _ = _feed.DisposeAsync().AsTask();
            _feed = null;
        }
    }

    private void StartCycle(IStoreFeed feed)
    {
        CancellationToken ct = _stopping.Token;
        uint scans = (uint)Math.Min(uint.MaxValue, _scans + 1);
        Task.Run(async () =>
        {
            long start = Stopwatch.GetTimestamp();
            ScanResult scan = await GuestScanner.ScanAsync(_ramFile, _stability, _settings.Policy, _held, _scanBudget, _engine, ct).ConfigureAwait(false);
            TimeSpan scanTime = Stopwatch.GetElapsedTime(start);
            DateTimeOffset at = DateTimeOffset.UtcNow;
            long shipStart = Stopwatch.GetTimestamp();
            try
            {
                ShipResult ship = await FeedShipper.ShipAsync(_ramFile, scan, scans, at, feed, _bandwidth, _engine, () => ++_sequence, ct).ConfigureAwait(false);
                return new CycleDone(scan, ship, scanTime, Stopwatch.GetElapsedTime(shipStart), at, null);
            }
            catch (Exception e) when (e is UpkeepException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                return new CycleDone(scan, null, scanTime, Stopwatch.GetElapsedTime(shipStart), at, e);
            }
        }, ct).PipeTo(Self);
    }

    private void OnCycleDone(CycleDone done)
    {
        _busy = false;
        _scans++;
        _last = done.Scan;
        _lastScanDuration = done.ScanDuration;

        // _held has not taken this cycle's acks yet: counted now, it is what the spare held when the scan ended.
        long heldAtScan = done.Scan.HeldOf(_held);
        if (done.Ship is not null)
        {
            _held.UnionWith(done.Ship.Acked);
            _pagesSent += done.Ship.PagesSent;
            _bytesSent += done.Ship.BytesSent;
        }

        _coverage = new CoverageReport(_guest, _feed?.Spare ?? string.Empty, done.Scan.NonZeroHashes.Count, done.Scan.HeldOf(_held), done.At)
        {
            HeldAtScan = heldAtScan,
        };
        LogMessages.Cycle(_logger, _guest, _scans, done.ScanDuration.TotalMilliseconds, _coverage.NonZeroPages, done.Ship?.PagesSent ?? 0, _coverage.CoverageAtScan, _coverage.Coverage);
        Context.System.EventStream.Publish(new UpkeepCycleCompleted(_scans, _coverage, done.Ship?.PagesSent ?? 0, done.Ship?.PagesChanged ?? 0,
            done.Ship?.BytesSent ?? 0, done.ScanDuration, done.ShipDuration, done.ShipError?.Message));
        Context.System.EventStream.Publish(_coverage);
        _reportTo?.Tell(_coverage);
        if (done.ShipError is not null)
        {
            OnFeedFailed(done.ShipError);
        }
    }
}
