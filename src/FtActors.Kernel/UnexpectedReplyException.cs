namespace FtActors.Kernel;

/// <summary>An <c>Ask&lt;T&gt;</c> got a reply that is not a <c>T</c> (nor a <see cref="Status.Failure"/>).</summary>
public sealed class UnexpectedReplyException : FtActorsException
{
    /// <summary>Creates the exception naming the expected type and the reply that arrived instead.</summary>
    public UnexpectedReplyException(Type expected, object found)
        : base($"Ask expected a reply of type {expected.FullName} but found {found.GetType().FullName}: {found}.")
    {
        Expected = expected;
        Found = found;
    }

    /// <summary>The type the caller asked for.</summary>
    public Type Expected { get; }

    /// <summary>The reply that arrived.</summary>
    public object Found { get; }
}
