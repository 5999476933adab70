namespace FtActors.Migration;

/// <summary>
/// A migration session failed: the peer refused, broke the protocol, could not resolve a page, or QEMU
/// failed. The session aborts on it; the source guest keeps (or resumes) running.
/// </summary>
public class MigrationException : Exception
{
    /// <summary>Creates the exception with a message saying what was expected, what was found and where.</summary>
    public MigrationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the fault that caused it.</summary>
    public MigrationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public MigrationException()
    {
    }
}
