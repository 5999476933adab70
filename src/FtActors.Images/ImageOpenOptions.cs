namespace FtActors.Images;

/// <summary>How to open an image when the file alone does not say everything.</summary>
public sealed record ImageOpenOptions
{
    /// <summary>Force a format instead of detecting it by magic. Needed for <see cref="ImageFormat.SharedRamFile"/>, which has no magic.</summary>
    public ImageFormat? Format { get; init; }

    /// <summary>
    /// PC machine flavour for mapping the main RAM block to GPAs: "pc" (i440fx) or "q35". QEMU streams name it
    /// in their configuration; for a shared RAM file it defaults to "pc".
    /// </summary>
    public string? Machine { get; init; }

    /// <summary>Overrides the below-4G RAM size (QEMU's <c>max-ram-below-4g</c> result) when the guest used that option.</summary>
    public ulong? RamBelow4G { get; init; }

    /// <summary>GPA of a raw dump's first byte (the <c>val</c> given to <c>pmemsave</c>); must be page aligned.</summary>
    public ulong RawBaseAddress { get; init; }

    /// <summary>Name of the RAM block that is the guest's main memory (default <c>pc.ram</c>; <c>mem0</c> with <c>-machine memory-backend=mem0</c>).</summary>
    public string MainRamBlock { get; init; } = "pc.ram";
}
