namespace FtActors.Lab.Guests;

/// <summary>A guest spec QEMU cannot run: the message says which field, what was expected and what was found.</summary>
public sealed class GuestSpecException : LabException
{
    public GuestSpecException()
    {
        Field = string.Empty;
    }

    public GuestSpecException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    public GuestSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    public GuestSpecException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The spec field at fault (e.g. <c>Workload</c>, <c>Mb</c>, <c>QemuBinary</c>).</summary>
    public string Field { get; }
}
