namespace FtActors.Health;

/// <summary>A health message or file does not have the expected form; the message says what, what was found and where.</summary>
public sealed class HealthFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HealthFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception, keeping the parser's fault.</summary>
    public HealthFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public HealthFormatException()
        : base("A health message has an unexpected format.")
    {
    }
}
