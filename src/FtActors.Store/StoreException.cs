namespace FtActors.Store;

/// <summary>
/// Base of the exceptions the page store throws for bad or unreadable store files. FtActors.Store
/// references only FtActors.Pages (the kernel's FtActorsException is out of its dependency line), so it
/// derives from <see cref="Exception"/>, as FtActors.Pages' own base does.
/// </summary>
public class StoreException : Exception
{
    /// <summary>Creates the exception with a message that says what was expected, found and where.</summary>
    public StoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around the I/O or mapping error that caused it.</summary>
    public StoreException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
