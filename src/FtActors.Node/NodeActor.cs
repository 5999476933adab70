using System.Collections.Immutable;
using System.Globalization;
using FtActors.Admin;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using FtActors.Health;
using FtActors.Health.Evacuation;
using FtActors.Health.Slurm;
using Akka.Actor;
using FtActors.Lab.Guests;
using FtActors.Metrics;
using FtActors.Migration.Session;
using FtActors.Pages;
using Microsoft.Extensions.Logging;
using CoverageReport = FtActors.Upkeep.CoverageReport;
using Placement = FtActors.Upkeep.Placement;

namespace FtActors.Node;

/// <summary>
/// One per node process: owns the node's guests, listens to its health monitor, the cluster and the admin endpoint,
/// and turns failure predictions for this node into migrations. For a prediction it plans the evacuation
/// (<see cref="EvacuationPlanner"/>: time to move each guest from its coverage and the link rate, smallest first, live
/// or stop-and-copy by the time left), logs each decision with its reason, drains the node in Slurm, and runs one
/// <see cref="MigrationSessionActor"/> at a time (they share the one link) to the spare the picker chooses. Every
/// slow step (guest listing, Slurm, health status) runs as a task piped back, so receive never blocks.
/// </summary>
public sealed class NodeActor : ReceiveActor, IWithTimers
{
    /// <summary>Pub/sub topic of failure predictions between nodes.</summary>
    public const string PredictionTopic = "ft.failure-predictions";

    /// <summary>Pub/sub topic of the placement coordinator's <see cref="Upkeep.PlacementChanged"/> announcements.</summary>
    public const string PlacementTopic = "ft.placement-changes";

    private static readonly TimeSpan GuestRefresh = TimeSpan.FromSeconds(2);
    private static readonly SupervisorStrategy StopOnFailure = new OneForOneStrategy(_ => Directive.Stop);
    private static readonly TimeSpan SpareAnnounceInterval = TimeSpan.FromSeconds(5);
    private readonly NodeRuntimeSettings _settings;
    private readonly IActorRef _monitor;
    private readonly IActorRef? _pubSub;
    private readonly ISparePicker _picker;
    private readonly HealthMetrics _healthMetrics;
    private readonly NodeMetrics _metrics;
    private readonly SlurmDrain _slurm;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly NodeUpkeep? _upkeep;
    private readonly Dictionary<string, GuestEntry> _guests = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, MigrationRecord> _migrations = [];
    private IActorRef? _history;
    private ImmutableArray<MigrationView> _past = [];
    private readonly Queue<Guid> _queue = new();
    private readonly HashSet<string> _handledPredictions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unknownBySource = new(StringComparer.Ordinal);
    private ClusterEvent.CurrentClusterState? _cluster;
    private PredictionView? _lastPrediction;
    private Guid? _running;
    private bool _upkeepPaused;
    private bool _refreshing;
    private bool _drainedBySelf;
    private long _polls;

    /// <summary>Creates the actor; see <see cref="Props"/>.</summary>
    public NodeActor(NodeRuntimeSettings settings, IActorRef monitor, IActorRef? pubSub, ISparePicker picker, MetricsRegistry registry, ILoggerFactory loggers, TimeProvider time, NodeUpkeep? upkeep = null)
    {
        _upkeep = upkeep;
        ArgumentNullException.ThrowIfNull(registry);
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        _pubSub = pubSub;
        _picker = picker ?? throw new ArgumentNullException(nameof(picker));
        _healthMetrics = new HealthMetrics(registry);
        _metrics = new NodeMetrics(registry);
        _slurm = new SlurmDrain(settings.Scontrol);
        _loggers = loggers ?? throw new ArgumentNullException(nameof(loggers));
        _logger = loggers.CreateLogger<NodeActor>();
        _time = time ?? throw new ArgumentNullException(nameof(time));

        Receive<HealthReadings>(OnReadings);
        Receive<StatusForMetrics>(m => UpdateHealthMetrics(m.Status));
        Receive<HealthStateChanged>(m => LogMessages.CheckChanged(_logger, m.Change.Check, m.Change.From, m.Change.To, m.Change.Reason));
        Receive<FailurePrediction>(p => OnPrediction(p, Sender.Equals(_monitor) ? "policy" : "cluster", reply: false));
        Receive<SubmitPrediction>(m => OnPrediction(m.Prediction, m.Origin, reply: true));
        Receive<SubscribeAck>(_ => { });
        // Every membership, reachability or leader change: the cluster extension's own view is the latest state.
        Receive<ClusterEvent.CurrentClusterState>(_ => OnCluster());
        Receive<ClusterEvent.IClusterDomainEvent>(_ => OnCluster());
        Receive<AnnounceSpare>(_ => AnnounceSpareCapacity());
        Receive<GuestsRefreshed>(OnGuestsRefreshed);
        Receive<Refresh>(_ => RefreshGuests());
        Receive<GetGuests>(_ => Sender.Tell(GuestsView(), Self));
        Receive<GetPlacements>(_ => Sender.Tell(PlacementsView(), Self));
        Receive<GetMigrations>(_ => Sender.Tell(MigrationsView(), Self));
        Receive<PastMigrations>(m => _past = m.Migrations);
        Receive<GetClusterView>(_ => Sender.Tell(ClusterView(), Self));
        Receive<GetNodeHealth>(_ => ReplyHealth());
        Receive<GetUpkeep>(_ => Sender.Tell(UpkeepView("upkeep is " + (_upkeepPaused ? "paused" : "not paused")), Self));
        Receive<SetUpkeepPaused>(OnSetUpkeep);
        Receive<MigrateGuest>(OnMigrateGuest);
        Receive<SessionProgress>(OnSessionProgress);
        Receive<SessionRoundProgress>(OnRoundProgress);
        Receive<SessionFinished>(OnSessionFinished);
        Receive<DrainNode>(m => RunSlurm(true, m.Node, m.Reason ?? "requested by an operator", Sender));
        Receive<UndrainNode>(m => RunSlurm(false, m.Node, string.Empty, Sender));
        Receive<SlurmDone>(OnSlurmDone);
        Receive<ReceiverSessionEnded>(OnReceiverEnded);
        Receive<Terminated>(OnTerminated);
        Receive<PlacementSeen>(m => OnPlacement(m.Placement));
        Receive<Upkeep.PlacementChanged>(OnPlacementChanged);
        Receive<CoverageReport>(OnCoverage);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the node actor.</summary>
    /// <param name="settings">The node's runtime settings.</param>
    /// <param name="monitor">The health monitor it subscribes to.</param>
    /// <param name="pubSub">The cluster pub/sub mediator (predictions between nodes), or null.</param>
    /// <param name="picker">Chooses each guest's spare.</param>
    /// <param name="registry">Where its metrics go.</param>
    /// <param name="loggers">Loggers.</param>
    /// <param name="time">Clock.</param>
    /// <param name="upkeep">Upkeep for the node's guests (VmActors fed to the coordinator's spares); null runs none.</param>
    public static Props Props(NodeRuntimeSettings settings, IActorRef monitor, IActorRef? pubSub, ISparePicker picker, MetricsRegistry registry, ILoggerFactory loggers, TimeProvider time, NodeUpkeep? upkeep = null) =>
        Akka.Actor.Props.Create(() => new NodeActor(settings, monitor, pubSub, picker, registry, loggers, time, upkeep));

    /// <inheritdoc />
    // A session that throws is stopped, never restarted mid-round; its relay reports the end.
    protected override SupervisorStrategy SupervisorStrategy() => StopOnFailure;

    /// <inheritdoc />
    protected override void PreStart()
    {
        _monitor.Tell(new SubscribeHealth(Self), Self);
        _pubSub?.Tell(new Subscribe(PredictionTopic, Self), Self);
        if (_upkeep is not null)
        {
            _pubSub?.Tell(new Subscribe(PlacementTopic, Self), Self);
        }
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));
        if (_upkeep is { SpareCapacity: > 0 })
        {
            // A new singleton instance learns this spare within one period; see SpareAvailable.
            Timers.StartPeriodicTimer("announce-spare", AnnounceSpare.Instance, TimeSpan.Zero, SpareAnnounceInterval);
        }

        _history = Context.ActorOf(MigrationHistoryActor.Props(_settings.Name, _loggers.CreateLogger<MigrationHistoryActor>()), "migration-history");
        _metrics.SlurmDrained.WithLabels().Set(0);
        _metrics.MigrationsRunning.WithLabels().Set(0);
        Timers.StartPeriodicTimer("guests", Refresh.Instance, GuestRefresh);
        RefreshGuests();
    }

    private void OnReadings(HealthReadings m)
    {
        _polls++;
        foreach (var r in m.Readings)
        {
            if (r.State == HealthState.Unknown)
            {
                _healthMetrics.SourceErrors.WithLabels(r.Source).Inc();
            }
        }

        _healthMetrics.Polls.WithLabels().Inc();
        _monitor.Ask<HealthStatus>(new GetHealthStatus(), TimeSpan.FromSeconds(5)).PipeTo(Self, success: s => new StatusForMetrics(s), failure: _ => new StatusForMetrics(new HealthStatus(_settings.Name, [], false, _polls)));
    }

    private void UpdateHealthMetrics(HealthStatus status)
    {
        foreach (var c in status.Checks)
        {
            _healthMetrics.CheckState.WithLabels(c.Check, c.Source).Set((int)c.State);
            _healthMetrics.Reading.WithLabels(c.Check, c.Source, c.Unit).Set(c.Value ?? double.NaN);
            if (c.TimeToFailure is { } ttf)
            {
                _healthMetrics.TimeToFailure.WithLabels(c.Check, c.Source).Set(ttf.TotalSeconds);
            }
            else
            {
                _healthMetrics.TimeToFailure.RemoveLabelled(c.Check, c.Source);
            }
        }
    }

    private void OnPrediction(FailurePrediction p, string origin, bool reply)
    {
        var now = _time.GetUtcNow();
        if (p.Node != _settings.Name)
        {
            if (origin == "admin" && _pubSub is not null)
            {
                _pubSub.Tell(new Publish(PredictionTopic, p), Self);
                LogMessages.PredictionForwarded(_logger, p.Node, p.Source);
                Answer(reply, true, $"prediction for {p.Node} published to the cluster (this node is {_settings.Name})");
            }
            else
            {
                Answer(reply, false, $"prediction for {p.Node} not acted on: this node is {_settings.Name}" + (_pubSub is null ? " and it has no cluster to forward it to" : string.Empty));
            }

            return;
        }

        var key = $"{p.ExpectedFailureUtc.UtcTicks}|{p.Source}|{p.Reason}";
        if (!_handledPredictions.Add(key))
        {
            Answer(reply, true, "prediction already handled");
            return;
        }

        if (p.ExpectedFailureUtc < now - _settings.PredictionTtl)
        {
            LogMessages.PredictionIgnored(_logger, p.Source, p.ExpectedFailureUtc, _settings.PredictionTtl);
            Answer(reply, false, "prediction ignored: its failure time is older than ftactors.health.prediction-ttl");
            return;
        }

        if (origin == "policy" && _pubSub is not null)
        {
            // Other nodes learn of it too (operators watching any node's log, a coordinator), never act on it.
            _pubSub.Tell(new Publish(PredictionTopic, p), Self);
        }

        _metrics.Predictions.WithLabels(origin).Inc();
        _lastPrediction = new PredictionView(p.Node, p.ExpectedFailureUtc, p.Confidence, p.Reason, p.Source, now);
        LogMessages.PredictionReceived(_logger, origin, p.Source, p.ExpectedFailureUtc, (p.ExpectedFailureUtc - now).TotalSeconds, p.Confidence, p.Reason);
        var candidates = _guests.Values.Where(g => g.State == "running").ToList();
        var plan = EvacuationPlanner.Plan(p, candidates.Select(g => new GuestProfile(g.Guest.Name, g.Guest.RamBytes, g.Coverage, _settings.DirtyBytesPerSecond)), _settings.LinkBytesPerSecond, now);
        foreach (var decision in plan.Guests)
        {
            LogMessages.EvacuationDecision(_logger, decision.Guest, decision.Reason);
            var guest = _guests[decision.Guest];
            Enqueue(guest, null, decision.Mode, $"prediction from {p.Source}: {p.Reason}", p.ExpectedFailureUtc, "prediction");
        }

        if (plan.Guests.IsEmpty)
        {
            LogMessages.EvacuationNothing(_logger, p.Source);
        }

        if (_settings.SlurmDrain)
        {
            RunSlurm(true, _settings.Name, $"failure predicted at {p.ExpectedFailureUtc.UtcDateTime:O} ({p.Reason})", null);
        }

        StartNext();
        Answer(reply, true, $"evacuating {plan.Guests.Length} guest(s) of {_settings.Name}, {plan.TimeLeft.TotalSeconds:0.#} s before the predicted failure");
    }

    private void Answer(bool reply, bool ok, string message)
    {
        if (reply)
        {
            Sender.Tell(new ActionResult(ok, message), Self);
        }
    }

    private void OnMigrateGuest(MigrateGuest m)
    {
        if (!_guests.TryGetValue(m.Guest, out var guest))
        {
            Sender.Tell(new ActionResult(false, $"no guest named '{m.Guest}' on {_settings.Name}; its guests are: {string.Join(", ", _guests.Keys.Order(StringComparer.Ordinal))}"), Self);
            return;
        }

        if (guest.State != "running")
        {
            Sender.Tell(new ActionResult(false, $"guest '{m.Guest}' is {guest.State}, not running"), Self);
            return;
        }

        SpareChoice? to = null;
        if (m.To is { } text)
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                Sender.Tell(new ActionResult(false, $"to: expected a receiver address host:port, found \"{text}\""), Self);
                return;
            }

            to = new SpareChoice(text[..colon], port, text, guest.Coverage, "operator");
        }

        var id = Enqueue(guest, to, MigrationMode.Live, m.Trigger, null, "operator");
        StartNext();
        Sender.Tell(new ActionResult(true, $"migration of {m.Guest} queued", id), Self);
    }

    private Guid Enqueue(GuestEntry guest, SpareChoice? to, MigrationMode mode, string trigger, DateTimeOffset? deadline, string kind)
    {
        var id = Guid.NewGuid();
        guest.State = "migrating";

        // The move reads the guest itself; scanning it meanwhile would only compete for the link.
        StopUpkeep(guest);
        _migrations[id] = new MigrationRecord(id, guest.Guest, to, mode, trigger, deadline, kind, _time.GetUtcNow());
        _queue.Enqueue(id);
        return id;
    }

    private void StartNext()
    {
        while (_running is null && _queue.TryDequeue(out var id))
        {
            var record = _migrations[id];
            var spare = record.To ?? _picker.Pick(record.Guest.Name, record.Guest.RamBytes, _cluster);
            if (spare is null)
            {
                Finish(record, "aborted", "no spare available: no other Active member has the spare role");
                continue;
            }

            record.To = spare;
            var left = record.Deadline is { } d ? d - _time.GetUtcNow() : (TimeSpan?)null;
            var options = new MigrationOptions
            {
                Guest = record.Guest.Name,
                QmpSocket = record.Guest.QmpSocket,
                RamFile = record.Guest.RamFile,
                Host = spare.Host,
                Port = spare.Port,
                MemoryMiB = record.Guest.MemoryMiB,
                Machine = record.Guest.Machine,
                Workload = record.Guest.Workload,
                Mb = record.Guest.Mb,
                VectorKb = record.Guest.VectorKb,
                Iterations = record.Guest.Iterations,
                VerifyDigest = _settings.VerifyDigest,
                // Stop-and-copy: no live rounds after round 0 (which reads the running guest once); then pause.
                MaxRounds = record.Mode == MigrationMode.Live ? _settings.MaxRounds : 0,
                Deadline = left is { } l && l > TimeSpan.Zero ? l : null,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Finish(record, "aborted", e.Message);
                continue;
            }

            var mode = Mode(record.Mode);
            var receiver = spare.Receiver;
            LogMessages.MigrationStarting(_logger, id, record.Guest.Name, receiver, spare.Source, mode, record.Trigger);
            var session = Context.ActorOf(MigrationSessionActor.Props(options, id, PageEngines.Default, _loggers.CreateLogger<MigrationSessionActor>()), "migration-" + id.ToString("N"));
            var relay = Context.ActorOf(Akka.Actor.Props.Create(() => new SessionRelayActor(id, Self)), "relay-" + id.ToString("N"));
            Context.Watch(session);
            record.Session = session;
            record.State = "Preparing";
            record.Progress = 0.05;
            _running = id;
            _metrics.MigrationsStarted.WithLabels(record.Kind).Inc();
            _metrics.MigrationsRunning.WithLabels().Set(1);
            session.Tell(new StartMigration(), relay);
        }
    }

    private void OnSessionProgress(SessionProgress m)
    {
        if (!_migrations.TryGetValue(m.Id, out var record) || record.Outcome is not null)
        {
            return;
        }

        record.State = m.Progress.State;
        record.LastLine = m.Progress.Text;
        record.Progress = Math.Max(record.Progress, PhaseProgress(m.Progress.State, record.Mode == MigrationMode.Live ? _settings.MaxRounds : 0));
    }

    private void OnRoundProgress(SessionRoundProgress m)
    {
        if (_migrations.TryGetValue(m.Id, out var record) && record.Outcome is null && m.Progress.Frames > 0)
        {
            var fraction = Math.Clamp(m.Progress.FramesDone / (double)m.Progress.Frames, 0, 1);
            record.Progress = Math.Max(record.Progress, RoundProgress(m.Progress.Round, fraction, record.Mode == MigrationMode.Live ? _settings.MaxRounds : 0));
        }
    }

    private void OnSessionFinished(SessionFinished m)
    {
        if (!_migrations.TryGetValue(m.Id, out var record) || record.Outcome is not null)
        {
            return;
        }

        var r = m.Report;
        record.Report = r;
        _metrics.MigrationBytes.WithLabels().Inc(r.BytesOnWire);
        _metrics.MigrationPagesSent.WithLabels().Inc(r.PagesSent);
        _metrics.MigrationPagesReferenced.WithLabels().Inc(r.PagesReferenced);
        _metrics.MigrationDuration.WithLabels().Observe(r.TotalMs / 1000);
        if (r.Outcome == "committed")
        {
            _metrics.MigrationDowntime.WithLabels().Observe(r.DowntimeMs / 1000);
        }

        Finish(record, r.Outcome, r.Reason);
    }

    private void OnTerminated(Terminated t)
    {
        var record = _migrations.Values.FirstOrDefault(r => r.Session is not null && r.Session.Equals(t.ActorRef));
        if (record is not null && record.Outcome is null)
        {
            Finish(record, "aborted", "the session actor stopped without a report");
        }
    }

    private void Finish(MigrationRecord record, string outcome, string? reason)
    {
        record.Outcome = outcome;
        record.Reason = reason;
        record.FinishedUtc = _time.GetUtcNow();
        record.State = outcome;
        if (outcome == "committed")
        {
            record.Progress = 1;
        }

        if (_guests.TryGetValue(record.Guest.Name, out var guest))
        {
            guest.State = outcome == "committed" ? "moved" : "running";
            if (outcome == "committed")
            {
                guest.Spare = record.To?.Receiver;
            }
        }

        _metrics.MigrationsFinished.WithLabels(outcome).Inc();
        _history?.Tell(new MigrationRecorded(View(record)), Self);
        var late = record.Deadline is { } d && record.FinishedUtc > d;
        LogMessages.MigrationEnded(_logger, record.Id, record.Guest.Name, outcome, reason ?? string.Empty, record.Report?.TotalMs ?? 0, record.Report?.DowntimeMs ?? 0,
            record.Deadline is { } dl ? $"{(dl - record.FinishedUtc!.Value).TotalSeconds:0.###} s before the predicted failure" + (late ? " (LATE)" : string.Empty) : "no deadline");
        if (_running == record.Id)
        {
            _running = null;
            _metrics.MigrationsRunning.WithLabels().Set(0);
            if (record.Session is not null)
            {
                Context.Unwatch(record.Session);
            }

            if (Context.Child("relay-" + record.Id.ToString("N")) is { } relay)
            {
                Context.Stop(relay);
            }
        }

        StartNext();
    }

    private void RunSlurm(bool drain, string node, string reason, IActorRef? replyTo)
    {
        var task = drain ? _slurm.DrainAsync(node, reason, CancellationToken.None) : _slurm.ResumeAsync(node, CancellationToken.None);
        var self = node == _settings.Name;
        task.PipeTo(Self, replyTo, success: o => new SlurmDone(drain && self, o.Changed, o.Reason), failure: e => new SlurmDone(drain && self, false, "scontrol failed: " + e.Message));
    }

    private void OnSlurmDone(SlurmDone m)
    {
        LogMessages.SlurmOutcome(_logger, m.Done, m.Message);
        if (m.Drain && m.Done)
        {
            _drainedBySelf = true;
        }
        else if (!m.Drain && m.Done && m.Message.StartsWith("resumed " + _settings.Name, StringComparison.Ordinal))
        {
            _drainedBySelf = false;
        }

        _metrics.SlurmDrained.WithLabels().Set(_drainedBySelf ? 1 : 0);
        if (!Sender.Equals(Context.System.DeadLetters))
        {
            Sender.Tell(new ActionResult(m.Done, m.Message), Self);
        }
    }

    private void OnSetUpkeep(SetUpkeepPaused m)
    {
        _upkeepPaused = m.Paused;
        if (m.Paused)
        {
            // Stopping the VmActors stops scanning and shipping at once; resuming starts them at the next refresh,
            // and a new feed learns what the spare already holds, so nothing is sent twice.
            foreach (var e in _guests.Values)
            {
                StopUpkeep(e);
            }
        }
        else
        {
            RegisterGuests();
        }

        LogMessages.UpkeepPaused(_logger, m.Paused);
        Sender.Tell(UpkeepView(m.Paused ? "upkeep paused" : "upkeep resumed"), Self);
    }

    private UpkeepView UpkeepView(string message) =>
        new(_upkeepPaused, _upkeep is not null && !_upkeepPaused && _guests.Values.Any(e => e.Upkeep is not null),
            message + (_upkeep is null ? "; upkeep is off on this node (ftactors.predeploy.enabled)" : $"; {_guests.Values.Count(e => e.Upkeep is not null)} guest(s) scanned"));

    /// <summary>Registers every running guest with the coordinator; the answers (piped back) start or move the VmActors.</summary>
    private void RegisterGuests()
    {
        if (_upkeep is null || _upkeepPaused)
        {
            return;
        }

        // Idempotent: the coordinator journals only a change, so asking each refresh also follows a reassignment whose
        // announcement was lost (published while this node was not yet subscribed, or dropped by a partition).
        foreach (var e in _guests.Values.Where(e => e.State == "running"))
        {
            RegisterGuest(_upkeep, e);
        }
    }

    private void RegisterGuest(NodeUpkeep upkeep, GuestEntry e)
    {
        var guest = e.Guest.Name;
        upkeep.Coordinator.Ask<Placement>(new Upkeep.RegisterGuest(guest, upkeep.Self, e.Guest.RamBytes), TimeSpan.FromSeconds(10))
            .PipeTo(Self, success: p => new PlacementSeen(p), failure: _ => new PlacementSeen(new Placement(guest, null, -1)));
    }

    /// <summary>
    /// A placement announcement: for a guest running here that does not feed the announced spare yet, ask for its
    /// placement now (the answer carries the coverage the announcement lacks, and moves the VmActor).
    /// </summary>
    private void OnPlacementChanged(Upkeep.PlacementChanged m)
    {
        if (_upkeep is not { } upkeep || _upkeepPaused || !_guests.TryGetValue(m.Guest, out var e) || e.State != "running")
        {
            return;
        }

        var follow = e.UpkeepSpare != m.NewSpare;
        LogMessages.PlacementAnnounced(_logger, m.Guest, m.OldSpare ?? "none", m.NewSpare ?? "none", m.Reason, follow ? "asking the coordinator now" : "already followed");
        if (follow)
        {
            RegisterGuest(upkeep, e);
        }
    }

    private void OnPlacement(Placement p)
    {
        if (_upkeep is null || p.Coverage < 0)
        {
            // No answer (coordinator unreachable): keep what runs; the picker falls back to membership.
            return;
        }

        _upkeep.Picker.Record(p);
        if (!_guests.TryGetValue(p.Guest, out var e) || e.State != "running" || _upkeepPaused || e.UpkeepSpare == p.Spare)
        {
            return;
        }

        StopUpkeep(e);
        if (p.Spare is not { } spare)
        {
            return;
        }

        var colon = spare.LastIndexOf(':');
        var host = colon > 0 ? spare[..colon] : spare;
        var port = _upkeep.FeedPort;
        var name = e.Guest.Name;
        var ram = e.Guest.RamBytes;
        Func<CancellationToken, Task<Upkeep.IStoreFeed>> connect = async ct =>
        {
            var address = System.Net.IPAddress.TryParse(host, out var ip) ? ip : (await System.Net.Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false))[0];
            var client = await Upkeep.StoreFeedClient.ConnectAsync(new System.Net.IPEndPoint(address, port), name, ram, null, ct).ConfigureAwait(false);
            return new NamedStoreFeed(client, spare);
        };
        e.Upkeep = Context.ActorOf(Upkeep.VmActor.Props(name, e.Guest.RamFile, connect, _upkeep.Settings, Self, logger: _loggers.CreateLogger<Upkeep.VmActor>()),
            "upkeep-" + Uri.EscapeDataString(name) + "-" + Guid.NewGuid().ToString("N")[..6]);
        e.UpkeepSpare = spare;
        LogMessages.UpkeepStarted(_logger, name, spare, host, port);
    }

    private void OnCoverage(CoverageReport c)
    {
        // Only the current VmActor's reports count: it names the spare it feeds (a stopped one's late report names
        // the old spare, and a report before the first connection names none).
        if (!_guests.TryGetValue(c.Guest, out var e) || e.Upkeep is null || c.Spare != e.UpkeepSpare)
        {
            return;
        }

        e.Coverage = c.Coverage;
        _metrics.Coverage.WithLabels(c.Guest).Set(c.Coverage);
        _healthMetrics.TimeToEvacuate.WithLabels(c.Guest).Set(TimeToEvacuate(e));
        _upkeep?.Coordinator.Tell(c, Self);
        _upkeep?.Picker.Record(new Placement(c.Guest, c.Spare, c.Coverage));
    }

    private static void StopUpkeep(GuestEntry e)
    {
        if (e.Upkeep is { } actor)
        {
            Context.Stop(actor);
        }

        e.Upkeep = null;
        e.UpkeepSpare = null;
    }

    private void OnReceiverEnded(ReceiverSessionEnded m)
    {
        var r = m.Result;
        _metrics.ReceivedSessions.WithLabels(r.Committed ? "committed" : "aborted").Inc();
        LogMessages.ReceiverEnded(_logger, r.Committed ? "committed" : "aborted", r.Destination ?? "-", r.Reason ?? string.Empty, r.Rounds, r.PagesReceived, r.PagesFromStore);
    }

    /// <inheritdoc />
    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private void OnCluster()
    {
        var cluster = Cluster.Get(Context.System);
        var state = cluster.State;
        _cluster = state;
        foreach (var status in Enum.GetValues<MemberStatus>())
        {
            _metrics.ClusterMembers.WithLabels(status.ToString()).Set(state.Members.Count(m => m.Status == status));
        }

        _metrics.ClusterUnreachable.WithLabels().Set(state.Unreachable.Count);
        _metrics.ClusterUp.WithLabels().Set(cluster.SelfMember.Status == MemberStatus.Up ? 1 : 0);
    }

    private void AnnounceSpareCapacity()
    {
        if (_upkeep is { } upkeep)
        {
            upkeep.Coordinator.Tell(new Upkeep.SpareAvailable(upkeep.Self, upkeep.SpareCapacity), Self);
        }
    }

    private void RefreshGuests()
    {
        if (_refreshing)
        {
            return;
        }

        _refreshing = true;
        var settings = _settings;
        Task.Run(() => ListGuests(settings)).PipeTo(Self, success: g => new GuestsRefreshed(g), failure: e => new GuestsRefreshed(default));
    }

    private static ImmutableArray<NodeGuest> ListGuests(NodeRuntimeSettings settings)
    {
        var result = ImmutableArray.CreateBuilder<NodeGuest>();
        foreach (var g in settings.StaticGuests)
        {
            var mib = File.Exists(g.RamFile) ? (int)(new FileInfo(g.RamFile).Length >> 20) : 0;
            result.Add(new NodeGuest(g.Name, g.QmpSocket, g.RamFile, mib, "pc", g.Workload ?? "idle", 0, 64, 0));
        }

        if (settings.LabGuests)
        {
            foreach (var s in GuestRegistry.List())
            {
                if (s.RamFile is null || (settings.LabNamespace is { } ns && s.Namespace != ns))
                {
                    continue;
                }

                result.Add(new NodeGuest(s.Name, s.QmpSocket, s.RamFile, s.MemoryMiB, s.Spec?.Machine ?? "pc", s.Workload, s.Mb, s.Spec?.VectorKb ?? 64, s.Spec?.Iterations ?? 0));
            }
        }

        return result.ToImmutable();
    }

    private void OnGuestsRefreshed(GuestsRefreshed m)
    {
        _refreshing = false;
        if (m.Guests.IsDefault)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in m.Guests)
        {
            seen.Add(g.Name);
            if (_guests.TryGetValue(g.Name, out var entry))
            {
                if (entry.State != "migrating")
                {
                    entry.Guest = g;
                }

                if (entry.State == "moved")
                {
                    // A guest of this name runs here again (moved back, or restarted): watch it afresh.
                    entry.State = "running";
                }
            }
            else
            {
                _guests[g.Name] = new GuestEntry(g);
            }
        }

        foreach (var gone in _guests.Values.Where(e => !seen.Contains(e.Guest.Name) && e.State == "running").Select(e => e.Guest.Name).ToList())
        {
            StopUpkeep(_guests[gone]);
            _upkeep?.Picker.Forget(gone);
            _upkeep?.Coordinator.Tell(new Upkeep.UnregisterGuest(gone), Self);
            _guests.Remove(gone);
            _metrics.Coverage.RemoveLabelled(gone);
            _metrics.GuestRamBytes.RemoveLabelled(gone);
            _healthMetrics.TimeToEvacuate.RemoveLabelled(gone);
        }

        foreach (var e in _guests.Values.Where(e => e.State != "moved"))
        {
            _metrics.Coverage.WithLabels(e.Guest.Name).Set(e.Coverage);
            _metrics.GuestRamBytes.WithLabels(e.Guest.Name).Set(e.Guest.RamBytes);
            _healthMetrics.TimeToEvacuate.WithLabels(e.Guest.Name).Set(TimeToEvacuate(e));
        }

        RegisterGuests();
    }

    private double TimeToEvacuate(GuestEntry e) => e.Guest.RamBytes * (1 - e.Coverage) / _settings.LinkBytesPerSecond;

    private GuestsView GuestsView() => new(_settings.Name, [.. _guests.Values.OrderBy(e => e.Guest.Name, StringComparer.Ordinal).Select(e =>
        new GuestView(e.Guest.Name, e.State, e.Guest.RamBytes, e.Coverage, e.Spare ?? _picker.Pick(e.Guest.Name, e.Guest.RamBytes, _cluster)?.Receiver,
            TimeToEvacuate(e), e.Guest.QmpSocket, e.Guest.RamFile, e.Guest.Workload))]);

    private PlacementsView PlacementsView() => new([.. _guests.Values.OrderBy(e => e.Guest.Name, StringComparer.Ordinal).Select(e =>
    {
        var pick = e.State == "moved" ? null : _picker.Pick(e.Guest.Name, e.Guest.RamBytes, _cluster);
        return new PlacementView(e.Guest.Name, _settings.Name, e.State == "moved" ? e.Spare : pick?.Receiver, pick?.Coverage ?? e.Coverage, e.State == "moved" ? "moved" : pick?.Source ?? "none");
    })]);

    /// <summary>This process's migrations and, from the journal, those of earlier runs of this node: running first, then newest first.</summary>
    private MigrationsView MigrationsView() => new(_settings.Name, [.. _migrations.Values.Select(View)
        .Concat(_past.Where(p => !_migrations.ContainsKey(p.Id)))
        .OrderBy(v => v.Outcome is null ? 0 : 1).ThenByDescending(v => v.StartedUtc)]);

    private static MigrationView View(MigrationRecord r) => new(r.Id, r.Guest.Name, r.To?.Receiver ?? "(not chosen yet)", Mode(r.Mode), r.Trigger, r.State, r.Progress, r.LastLine,
        r.StartedUtc, r.FinishedUtc, r.Outcome, r.Reason, r.Report?.Rounds ?? 0, r.Report?.BytesOnWire ?? 0, r.Report?.DowntimeMs ?? 0, r.Report?.TotalMs ?? 0);

    private ClusterView ClusterView()
    {
        var cluster = Cluster.Get(Context.System);
        var state = cluster.State;
        var self = cluster.SelfAddress;
        var members = state.Members.OrderBy(m => m.Address.Host, StringComparer.Ordinal).ThenBy(m => m.Address.Port)
            .Select(m => new MemberView(Name(m.Address), m.UniqueAddress.Uid, m.Status.ToString(), [.. m.Roles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)],
                !state.Unreachable.Contains(m), m.Address.Equals(self))).ToImmutableArray();
        // Akka adds a data-centre role ("dc-default") to every member; the view shows the project's roles only.
        // The singleton manager runs the coordinator on the oldest Up member.
        var oldest = state.Members.Where(m => m.Status == MemberStatus.Up).OrderBy(m => m, Member.AgeOrdering).FirstOrDefault();
        return new ClusterView(_settings.Name, Name(self), state.Leader is { } leader ? Name(leader) : string.Empty, oldest is null ? string.Empty : Name(oldest.Address), members);
    }

    private static string Name(Address address) => $"{address.Host}:{address.Port}";

    private void ReplyHealth()
    {
        var last = _lastPrediction;
        var node = _settings.Name;
        _monitor.Ask<HealthStatus>(new GetHealthStatus(), TimeSpan.FromSeconds(5))
            .PipeTo(Sender, Self, success: s => new HealthView(node, s.Maintenance, s.Polls, [.. s.Checks.OrderBy(c => c.Check, StringComparer.Ordinal).Select(c =>
                new CheckView(c.Check, c.Source, c.State.ToString().ToLowerInvariant(), Finite(c.Value), c.Unit.Length > 0 ? c.Unit : null, c.TimeToFailure?.TotalSeconds, Finite(c.Confidence), c.Reason))], last));
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static string Mode(MigrationMode mode) => mode == MigrationMode.Live ? "live" : "stop-and-copy";

    /// <summary>Progress by phase: the session reports states, not byte counts, while it runs.</summary>
    /// <summary>The bar's position <paramref name="fraction"/> of the way through round <paramref name="round"/>: rounds share 0.1-0.8.</summary>
    internal static double RoundProgress(int round, double fraction, int maxRounds) => 0.1 + (0.7 * Math.Min(1, (round + fraction) / (maxRounds + 1)));

    internal static double PhaseProgress(string state, int maxRounds)
    {
        if (state.StartsWith("Round", StringComparison.Ordinal))
        {
            var digits = new string(state.Where(char.IsDigit).ToArray());
            var n = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
            return RoundProgress(n, 1, maxRounds);
        }

        return state switch
        {
            "Preparing" => 0.05,
            "StopAndCopy" => 0.85,
            "DeviceState" => 0.9,
            "Committing" => 0.95,
            "Committed" => 1,
            _ => 0.05,
        };
    }

    private sealed record AnnounceSpare
    {
        public static readonly AnnounceSpare Instance = new();
    }

    private sealed class GuestEntry(NodeGuest guest)
    {
        public NodeGuest Guest { get; set; } = guest;

        public string State { get; set; } = "running";

        public string? Spare { get; set; }

        // Pre-deployed fraction on the fed spare, from the VmActor's last coverage report.
        public double Coverage { get; set; }

        // The guest's VmActor and the spare it feeds, while upkeep runs for it.
        public IActorRef? Upkeep { get; set; }

        public string? UpkeepSpare { get; set; }
    }

    private sealed class MigrationRecord(Guid id, NodeGuest guest, SpareChoice? to, MigrationMode mode, string trigger, DateTimeOffset? deadline, string kind, DateTimeOffset started)
    {
        public Guid Id { get; } = id;

        public NodeGuest Guest { get; } = guest;

        public SpareChoice? To { get; set; } = to;

        public MigrationMode Mode { get; } = mode;

        public string Trigger { get; } = trigger;

        public DateTimeOffset? Deadline { get; } = deadline;

        public string Kind { get; } = kind;

        public DateTimeOffset StartedUtc { get; } = started;

        public IActorRef? Session { get; set; }

        public string State { get; set; } = "queued";

        public double Progress { get; set; }

        public string LastLine { get; set; } = string.Empty;

        public DateTimeOffset? FinishedUtc { get; set; }

        public string? Outcome { get; set; }

        public string? Reason { get; set; }

        public MigrationReport? Report { get; set; }
    }

    private sealed record PlacementSeen(Placement Placement);

    private sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }
}
