using FtActors.Qemu;

namespace FtActors.Lab;

/// <summary>
/// Base of every error the lab raises: bad guest specs, QEMU that would not start, namespaces that
/// already exist. Derives from <see cref="QemuException"/> (FtActors.Qemu, the lab's only FtActors
/// dependency), so a catch of <see cref="QemuException"/> covers lab steps and the QMP calls inside them.
/// </summary>
public class LabException : QemuException
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
