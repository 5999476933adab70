namespace FtActors.Upkeep;

/// <summary>An upkeep fault: a malformed store-feed frame, a refused feed, a settings value out of range.</summary>
public class UpkeepException : Exception
{
    /// <summary>Creates the exception with a message saying what was expected, what was found and where.</summary>
    public UpkeepException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception, keeping the fault that caused it.</summary>
    public UpkeepException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message; prefer the constructors that say what went wrong.</summary>
    public UpkeepException()
        : base("An upkeep operation failed.")
    {
    }
}
