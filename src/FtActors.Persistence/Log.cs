using Microsoft.Extensions.Logging;

namespace FtActors.Persistence;

/// <summary>
/// The persistence assembly's log lines, source-generated. Event ids are 3xxx (the house range for
/// persistence) and never change meaning once released, so operators can alert on them.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Schema of {Dialect} migrated from version {PreviousVersion} to {CurrentVersion}")]
    public static partial void SchemaMigrated(ILogger logger, string dialect, int previousVersion, int currentVersion);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Schema of {Dialect} is current at version {Version}")]
    public static partial void SchemaUpToDate(ILogger logger, string dialect, int version);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Applied schema script {Script} (version {Version})")]
    public static partial void SchemaScriptApplied(ILogger logger, string script, int version);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Journal write for {PersistenceId} collided at sequence number {SequenceNr}: another writer is live for this id")]
    public static partial void JournalConflict(ILogger logger, string persistenceId, long sequenceNr);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "Journal wrote {Count} events for {PersistenceId} up to sequence number {SequenceNr}")]
    public static partial void JournalBatchWritten(ILogger logger, int count, string persistenceId, long sequenceNr);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Debug, Message = "Journal deleted events of {PersistenceId} up to sequence number {SequenceNr} ({Mode})")]
    public static partial void JournalDeleted(ILogger logger, string persistenceId, long sequenceNr, Sql.JournalDeleteMode mode);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Debug, Message = "Membership write {Operation} for {Member} in cluster {ClusterId}: {Outcome} (table version {Version})")]
    public static partial void MembershipWrite(ILogger logger, string operation, Membership.MemberAddress member, string clusterId, Membership.MembershipWriteStatus outcome, long version);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Membership table of cluster {ClusterId} deleted")]
    public static partial void MembershipTableDeleted(ILogger logger, string clusterId);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "Removed {Count} defunct membership rows of cluster {ClusterId} not alive since {Before}")]
    public static partial void MembershipCleanup(ILogger logger, int count, string clusterId, DateTimeOffset before);
}
