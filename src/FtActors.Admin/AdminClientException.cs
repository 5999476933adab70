namespace FtActors.Admin;

/// <summary>
/// A call to a node's admin endpoint failed: the node could not be reached (<see cref="StatusCode"/> null), or it
/// answered with an error (<see cref="Error"/> holds its expected/found explanation).
/// </summary>
public sealed class AdminClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AdminClientException(string message, int? statusCode = null, AdminError? error = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Error = error;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public AdminClientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    public AdminClientException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception without a message.</summary>
    public AdminClientException()
    {
    }

    /// <summary>HTTP status of the error reply; null when no reply came (connection refused, timeout).</summary>
    public int? StatusCode { get; }

    /// <summary>The node's error body, when it sent one.</summary>
    public AdminError? Error { get; }
}
