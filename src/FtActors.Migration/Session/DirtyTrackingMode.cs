namespace FtActors.Migration.Session;

/// <summary>How a session finds the pages that changed since the previous round.</summary>
public enum DirtyTrackingMode
{
    /// <summary>Soft-dirty bits where the kernel keeps them and QEMU's pid is known, hashing otherwise.</summary>
    Auto,

    /// <summary>Hash every page each round and compare with what was sent (works everywhere).</summary>
    Hash,

    /// <summary>Soft-dirty bits only; the session aborts in preparation when they do not work.</summary>
    SoftDirty,
}
