namespace FtActors.Lab.Guests;

/// <summary>Where the guest's RAM lives on the host.</summary>
public enum RamBacking
{
    /// <summary>
    /// A file mapped shared (<c>memory-backend-file,share=on</c>): the host can read and write guest
    /// memory through the file, and a migration with <c>x-ignore-shared</c> moves device state only.
    /// </summary>
    SharedFile,

    /// <summary>QEMU's private anonymous memory, as in an ordinary QEMU invocation.</summary>
    Anonymous,
}
