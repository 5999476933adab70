using FtActors.Kernel;

namespace FtActors.Persistence;

/// <summary>
/// A fault of the SQL persistence layer that is not a bug in the caller: a schema that cannot be applied, a
/// database written by a newer build, a stored value that does not decode. Concurrency conflicts are not this:
/// the journal reports them as the kernel's <c>JournalConcurrencyException</c>.
/// </summary>
public class PersistenceException : FtActorsException
{
    /// <summary>Creates the exception with a message saying what was expected, what was found and where.</summary>
    public PersistenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception, keeping the database error that caused it.</summary>
    public PersistenceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message; prefer the constructors that say what went wrong.</summary>
    public PersistenceException()
        : base("A persistence operation failed.")
    {
    }
}
