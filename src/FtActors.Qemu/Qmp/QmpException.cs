namespace FtActors.Qemu.Qmp;

/// <summary>
/// QEMU answered a command with an <c>error</c> object. <see cref="ErrorClass"/> is QEMU's class
/// (<c>GenericError</c>, <c>CommandNotFound</c>, <c>DeviceNotFound</c>...) and <see cref="Description"/>
/// its human-readable text.
/// </summary>
public sealed class QmpException : QemuException
{
    public QmpException()
    {
        Command = ErrorClass = Description = string.Empty;
    }

    public QmpException(string message)
        : base(message)
    {
        Command = ErrorClass = Description = string.Empty;
    }

    public QmpException(string message, Exception innerException)
        : base(message, innerException)
    {
        Command = ErrorClass = Description = string.Empty;
    }

    public QmpException(string command, string errorClass, string description)
        : base($"QMP command '{command}' failed: {errorClass}: {description}")
    {
        Command = command;
        ErrorClass = errorClass;
        Description = description;
    }

    /// <summary>The command QEMU rejected.</summary>
    public string Command { get; }

    /// <summary>QEMU's error class, e.g. <c>GenericError</c>.</summary>
    public string ErrorClass { get; }

    /// <summary>QEMU's description of the error.</summary>
    public string Description { get; }
}
