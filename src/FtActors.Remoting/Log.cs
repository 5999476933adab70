using Microsoft.Extensions.Logging;

namespace FtActors.Remoting;

/// <summary>
/// Every log line remoting writes, source-generated. Event ids are stable (2xxx is remoting's range): alerts and
/// tests key on them, so never renumber one.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Remoting for {Address} listening (incarnation {Incarnation}, TLS {Tls})")]
    public static partial void Listening(ILogger logger, string address, long incarnation, bool tls);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Remoting for {Address} stopped")]
    public static partial void Stopped(ILogger logger, string address);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Associated with {Peer} (incarnation {Incarnation}, {Direction})")]
    public static partial void Associated(ILogger logger, string peer, long incarnation, string direction);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Connection {Connection} broken: {Reason}")]
    public static partial void ConnectionBroken(ILogger logger, Exception? exception, string connection, string reason);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "Connection {Connection} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string connection, string reason);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Handshake from {Connection} refused: {Reason}")]
    public static partial void HandshakeRefusedByUs(ILogger logger, string connection, string reason);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Peer {Peer} refused our handshake: {Reason}")]
    public static partial void HandshakeRefusedByPeer(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "TLS authentication with {Connection} failed: {Reason}")]
    public static partial void TlsFailed(ILogger logger, Exception? exception, string connection, string reason);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Information, Message = "Peer {Peer} disassociated: {Reason}")]
    public static partial void PeerDisassociated(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Information, Message = "Peer {Peer} restarted: incarnation {Old} replaced by {New}; messages for the old one are dropped")]
    public static partial void PeerRestarted(ILogger logger, string peer, long old, long @new);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Debug, Message = "Connecting to {Peer} failed, retry in {Delay}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string peer, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning, Message = "Message name {Manifest} from {Peer} is not registered; message dropped")]
    public static partial void UnknownManifest(ILogger logger, string manifest, string peer);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Warning, Message = "Message {Manifest} from {Peer} has an invalid JSON body; message dropped")]
    public static partial void BadBody(ILogger logger, Exception exception, string manifest, string peer);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Debug, Message = "No local actor at {Path}; message {Manifest} from {Peer} dropped")]
    public static partial void NoRecipient(ILogger logger, string path, string manifest, string peer);

    [LoggerMessage(EventId = 2033, Level = LogLevel.Debug, Message = "Message {Manifest} for {Path} addressed to incarnation {Target}, but this is {Actual}; dropped (quarantine)")]
    public static partial void QuarantinedInbound(ILogger logger, string manifest, string path, long target, long actual);

    [LoggerMessage(EventId = 2034, Level = LogLevel.Debug, Message = "Message {MessageType} for {Path} addressed to incarnation {Target} of a peer now at {Actual}; dropped (quarantine)")]
    public static partial void QuarantinedOutbound(ILogger logger, string messageType, string path, long target, long actual);

    [LoggerMessage(EventId = 2035, Level = LogLevel.Warning, Message = "Message type {MessageType} for {Path} has no registered name; message dropped")]
    public static partial void UnregisteredType(ILogger logger, string messageType, string path);

    [LoggerMessage(EventId = 2036, Level = LogLevel.Warning, Message = "Outbound queue to {Peer} is full; {MessageType} dropped (use TellAsync to wait for room)")]
    public static partial void OutboundQueueFull(ILogger logger, string peer, string messageType);

    [LoggerMessage(EventId = 2038, Level = LogLevel.Debug, Message = "Message {MessageType} for {Path} told after remoting stopped; dropped")]
    public static partial void SentAfterStop(ILogger logger, string messageType, string path);

    [LoggerMessage(EventId = 2037, Level = LogLevel.Warning, Message = "Message {MessageType} for {Path} serialises to {Size} bytes, over the control frame limit; message dropped")]
    public static partial void MessageTooLarge(ILogger logger, string messageType, string path, int size);
}
