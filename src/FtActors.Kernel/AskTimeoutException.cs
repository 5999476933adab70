namespace FtActors.Kernel;

/// <summary>
/// An <c>Ask</c> got no reply within its timeout. The target may be dead, slow, or may never reply to that
/// message; the caller cannot tell which. Transient: asking again later may succeed.
/// </summary>
public sealed class AskTimeoutException : FtActorsException
{
    /// <summary>Creates the exception for an ask of <paramref name="messageType"/> sent to <paramref name="targetPath"/>.</summary>
    public AskTimeoutException(string targetPath, string messageType, TimeSpan timeout)
        : base($"Ask of {messageType} to {targetPath} expected a reply within {timeout.TotalMilliseconds} ms but found none.")
    {
        TargetPath = targetPath;
        MessageType = messageType;
        Timeout = timeout;
    }

    /// <summary>Path of the actor that was asked.</summary>
    public string TargetPath { get; }

    /// <summary>Type name of the message that was sent.</summary>
    public string MessageType { get; }

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
