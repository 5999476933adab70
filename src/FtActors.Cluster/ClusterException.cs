using FtActors.Kernel;

namespace FtActors.Cluster;

/// <summary>A cluster setting or operation that cannot go on; the message says what was expected, what was found and where.</summary>
public class ClusterException : FtActorsException
{
    /// <summary>Creates the exception with a message that names what was expected and what was found.</summary>
    public ClusterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the fault that caused it.</summary>
    public ClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
