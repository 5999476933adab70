namespace FtActors.Pages;

/// <summary>
/// Base of the exceptions FtActors.Pages throws for bad input. FtActors.Pages depends on no other project
/// of ours (the house style's dependency rule), so it cannot derive from the kernel's FtActorsException;
/// callers that want one hierarchy wrap these at their boundary.
/// </summary>
public abstract class PagesException : Exception
{
    /// <summary>Creates the exception with a message that says what was expected, found and where.</summary>
    protected PagesException(string message)
        : base(message)
    {
    }
}
