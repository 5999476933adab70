namespace FtActors.Qemu;

/// <summary>
/// Base of every error in driving QEMU: a QMP command QEMU refused (<see cref="Qmp.QmpException"/>), a QMP
/// stream that broke the protocol (<see cref="Qmp.QmpProtocolException"/>), no QMP server answering in time.
/// The lab's own errors (FtActors.Lab's LabException) derive from it too, so one catch covers a lab step and
/// the QMP calls inside it.
/// </summary>
public class QemuException : Exception
{
    public QemuException()
    {
    }

    public QemuException(string message)
        : base(message)
    {
    }

    public QemuException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
