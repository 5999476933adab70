using Microsoft.Extensions.Logging;

namespace FtActors.Node;

/// <summary>The node host's lifecycle log lines (6100–6199, inside the cluster range).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Node {Address} starting (incarnation {Incarnation}, membership {Provider})")]
    public static partial void Starting(ILogger logger, string address, long incarnation, string provider);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Node {Address} is up")]
    public static partial void Up(ILogger logger, string address);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Node {Address} leaving the cluster")]
    public static partial void Leaving(ILogger logger, string address);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Node {Address} stopped")]
    public static partial void Stopped(ILogger logger, string address);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "Parent process {Pid} is gone; stopping")]
    public static partial void ParentGone(ILogger logger, int pid);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Error, Message = "Node declared dead by the cluster ({Reason}); exiting so it restarts as a new incarnation")]
    public static partial void DeclaredDead(ILogger logger, string reason);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Information, Message = "Placement coordinator running on {Address}: activation {Activation} (recovered {Recovered} earlier)")]
    public static partial void CoordinatorActivated(ILogger logger, string address, long activation, long recovered);
    [LoggerMessage(EventId = 6110, Level = LogLevel.Information, Message = "Failure prediction ({Origin}, {Source}): failure expected at {ExpectedUtc:O}, in {Seconds:0.###} s, confidence {Confidence}: {Reason}")]
    public static partial void PredictionReceived(ILogger logger, string origin, string source, DateTimeOffset expectedUtc, double seconds, double confidence, string reason);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Information, Message = "Evacuation decision for {Guest}: {Reason}")]
    public static partial void EvacuationDecision(ILogger logger, string guest, string reason);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Information, Message = "Evacuation: no running guest to move (prediction from {Source})")]
    public static partial void EvacuationNothing(ILogger logger, string source);

    [LoggerMessage(EventId = 6113, Level = LogLevel.Information, Message = "Migration {Id} of {Guest} to {Receiver} (spare chosen by {Chooser}, {Mode}) starting: {Trigger}")]
    public static partial void MigrationStarting(ILogger logger, Guid id, string guest, string receiver, string chooser, string mode, string trigger);

    [LoggerMessage(EventId = 6114, Level = LogLevel.Information, Message = "Migration {Id} of {Guest} {Outcome} {Reason} (total {TotalMs:0} ms, downtime {DowntimeMs:0} ms; {Deadline})")]
    public static partial void MigrationEnded(ILogger logger, Guid id, string guest, string outcome, string reason, double totalMs, double downtimeMs, string deadline);

    [LoggerMessage(EventId = 6115, Level = LogLevel.Information, Message = "Prediction from {Source} ignored: its failure time {ExpectedUtc:O} is more than {Ttl} in the past (ftactors.health.prediction-ttl)")]
    public static partial void PredictionIgnored(ILogger logger, string source, DateTimeOffset expectedUtc, TimeSpan ttl);

    [LoggerMessage(EventId = 6116, Level = LogLevel.Information, Message = "Prediction for {Node} from {Source} published to the cluster")]
    public static partial void PredictionForwarded(ILogger logger, string node, string source);

    [LoggerMessage(EventId = 6117, Level = LogLevel.Information, Message = "Slurm: {Message} (done: {Done})")]
    public static partial void SlurmOutcome(ILogger logger, bool done, string message);

    [LoggerMessage(EventId = 6118, Level = LogLevel.Information, Message = "Upkeep paused: {Paused}")]
    public static partial void UpkeepPaused(ILogger logger, bool paused);

    [LoggerMessage(EventId = 6119, Level = LogLevel.Information, Message = "Receiver: incoming migration {Outcome}, destination {Destination} {Reason} ({Rounds} rounds, {Pages} pages received, {FromStore} from the store)")]
    public static partial void ReceiverEnded(ILogger logger, string outcome, string destination, string reason, int rounds, long pages, long fromStore);

    [LoggerMessage(EventId = 6120, Level = LogLevel.Information, Message = "Health check {Check}: {From} -> {To} ({Reason})")]
    public static partial void CheckChanged(ILogger logger, string check, FtActors.Health.HealthState from, FtActors.Health.HealthState to, string reason);

    [LoggerMessage(EventId = 6121, Level = LogLevel.Information, Message = "Admin and metrics endpoint on {Address} (token required: {Token})")]
    public static partial void AdminUp(ILogger logger, Uri address, bool token);

    [LoggerMessage(EventId = 6122, Level = LogLevel.Warning, Message = "Admin and metrics endpoint not started on {Host}:{Port}: {Reason}")]
    public static partial void AdminUnavailable(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 6123, Level = LogLevel.Information, Message = "Migration receiver listening on {Endpoint} (store: {Store})")]
    public static partial void ReceiverListening(ILogger logger, System.Net.IPEndPoint endpoint, string? store);

    [LoggerMessage(EventId = 6124, Level = LogLevel.Warning, Message = "Migration receiver on {Endpoint} failed; retrying in 5 s: {Reason}")]
    public static partial void ReceiverFailed(ILogger logger, System.Net.IPEndPoint endpoint, string reason);

    [LoggerMessage(EventId = 6125, Level = LogLevel.Information, Message = "Health monitor for {Node}: {Sources} source(s), poll every {Interval}")]
    public static partial void HealthStarted(ILogger logger, string node, int sources, TimeSpan interval);

    [LoggerMessage(EventId = 6126, Level = LogLevel.Information, Message = "Upkeep of {Guest}: the coordinator assigned spare {Spare}; feeding its store at {Host}:{Port}")]
    public static partial void UpkeepStarted(ILogger logger, string guest, string spare, string host, int port);

    [LoggerMessage(EventId = 6127, Level = LogLevel.Information, Message = "Spare page store {Store} fed on {Endpoint}")]
    public static partial void SpareStoreUp(ILogger logger, string store, System.Net.IPEndPoint endpoint);

    [LoggerMessage(EventId = 6128, Level = LogLevel.Warning, Message = "Spare page store not started: {Reason}")]
    public static partial void SpareStoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 6129, Level = LogLevel.Information, Message = "Placement of {Guest} announced: {Old} -> {New} ({Reason}); {Action}")]
    public static partial void PlacementAnnounced(ILogger logger, string guest, string old, string @new, string reason, string action);

    [LoggerMessage(EventId = 6130, Level = LogLevel.Information, Message = "Migration {Id} of {Guest} ({Outcome}) recorded in the journal as event {Sequence}")]
    public static partial void MigrationRecorded(ILogger logger, Guid id, string guest, string outcome, long sequence);

    [LoggerMessage(EventId = 6131, Level = LogLevel.Information, Message = "{Count} past migration(s) recovered from journal stream {Stream}")]
    public static partial void MigrationHistoryRecovered(ILogger logger, int count, string stream);

    [LoggerMessage(EventId = 6132, Level = LogLevel.Warning, Message = "Node shutdown: {Step} failed: {Reason}")]
    public static partial void ShutdownStepFailed(ILogger logger, string step, string reason);

    [LoggerMessage(EventId = 6133, Level = LogLevel.Error, Message = "Migration receiver on {Endpoint} hit an unexpected error; listening again in 5 s")]
    public static partial void ReceiverCrashed(ILogger logger, Exception error, System.Net.IPEndPoint endpoint);
}
