namespace FtActors.Kernel;

/// <summary>
/// Root of every exception FtActors throws on purpose. Other FtActors assemblies derive from it, so a host can
/// tell "a fault our runtime reported" apart from a bug in foreign code with a single catch clause.
/// </summary>
public class FtActorsException : Exception
{
    /// <summary>Creates the exception with a message saying what was expected, what was found and where.</summary>
    public FtActorsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception, keeping the fault that caused it.</summary>
    public FtActorsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message; prefer the constructors that say what went wrong.</summary>
    public FtActorsException()
        : base("An FtActors operation failed.")
    {
    }

    /// <summary>
    /// True when repeating the same operation later may succeed (a timeout, a busy resource); false for faults
    /// that retrying cannot fix. Retry policies at I/O edges read this instead of matching exception types.
    /// </summary>
    public virtual bool IsTransient => false;
}
