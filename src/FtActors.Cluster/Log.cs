using FtActors.Persistence.Membership;
using Microsoft.Extensions.Logging;

namespace FtActors.Cluster;

/// <summary>
/// The cluster assembly's log lines, source-generated. Event ids are 6xxx (cluster) and keep their meaning once
/// released, so tests and operators can key on them.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Member {Member} joined cluster {ClusterId} and is Active (roles {Roles})")]
    public static partial void Joined(ILogger logger, MemberAddress member, string clusterId, NodeRoles roles);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Member {Member} left cluster {ClusterId} gracefully")]
    public static partial void LeftCluster(ILogger logger, MemberAddress member, string clusterId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Member {Member} found itself declared dead ({Reason}); it stops and must restart as a new incarnation")]
    public static partial void SelfDead(ILogger logger, MemberAddress member, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Earlier incarnation {Old} of this node marked Dead")]
    public static partial void OldIncarnationDead(ILogger logger, MemberAddress old);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Member {Peer} suspected by {Self} (phi {Phi:F1})")]
    public static partial void Suspected(ILogger logger, MemberAddress peer, MemberAddress self, double phi);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Member {Peer} declared Dead ({Reason})")]
    public static partial void DeclaredDead(ILogger logger, MemberAddress peer, string reason);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Membership change seen by {Self}: {Change}")]
    public static partial void Change(ILogger logger, MemberAddress self, string change);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Warning, Message = "Membership table operation {Operation} failed; will retry on the next tick")]
    public static partial void TableOperationFailed(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Debug, Message = "Membership write for {Operation} lost a race (table version changed); reading again")]
    public static partial void WriteConflict(ILogger logger, string operation);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Singleton {Name} started on {Self}")]
    public static partial void SingletonStarted(ILogger logger, string name, MemberAddress self);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Singleton {Name} stopped on {Self} ({Reason})")]
    public static partial void SingletonStopped(ILogger logger, string name, MemberAddress self, string reason);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "Singleton proxy {Name} dropped a message: its buffer of {Capacity} is full")]
    public static partial void ProxyBufferFull(ILogger logger, string name, int capacity);

    [LoggerMessage(EventId = 6030, Level = LogLevel.Debug, Message = "Pub/sub dropped a message on topic {Topic}: {Reason}")]
    public static partial void PubSubDropped(ILogger logger, string topic, string reason);
}
