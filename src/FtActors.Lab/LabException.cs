namespace FtActors.Lab;

/// <summary>
/// Base of every error the lab raises: bad guest specs, QEMU that would not start, QMP failures,
/// namespaces that already exist. Derives from <see cref="Exception"/> rather than the kernel's
/// FtActorsException because the lab references no other FtActors project (it must build and run
/// even while the runtime projects are being changed).
/// </summary>
public class LabException : Exception
{
    public LabException()
    {
    }

    public LabException(string message)
        : base(message)
    {
    }

    public LabException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
