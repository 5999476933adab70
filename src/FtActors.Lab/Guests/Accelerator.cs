namespace FtActors.Lab.Guests;

/// <summary>How QEMU runs guest code.</summary>
public enum Accelerator
{
    /// <summary>QEMU's software translator: works everywhere, about ten times slower than hardware.</summary>
    Tcg,

    /// <summary>Hardware virtualisation; only where <see cref="KvmProbe"/> shows a guest really boots.</summary>
    Kvm,
}
