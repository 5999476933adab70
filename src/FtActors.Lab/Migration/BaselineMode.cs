namespace FtActors.Lab.Migration;

/// <summary>How a baseline migration is run.</summary>
public enum BaselineMode
{
    /// <summary>QEMU precopy with the guest running: rounds until the dirty rate lets it switch over.</summary>
    Live,

    /// <summary>The source is stopped first, then migrated: one pass, everything is downtime.</summary>
    StopAndCopy,

    /// <summary>
    /// RAM on shared files; the source is stopped, its RAM file copied into the destination's by hand,
    /// and QEMU moves device state only (<c>x-ignore-shared</c>): FtActors' own final step.
    /// </summary>
    IgnoreShared,
}
