namespace FtActors.Lab.Topologies;

/// <summary>A topology could not be created or removed; the message says why and what to run.</summary>
public sealed class TopologyException : LabException
{
    public TopologyException()
    {
    }

    public TopologyException(string message)
        : base(message)
    {
    }

    public TopologyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
