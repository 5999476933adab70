namespace FtActors.Images;

/// <summary>
/// Where QEMU's PC machines put RAM blocks in guest-physical space. The main block's first "lowmem" bytes
/// sit at GPA 0 and the rest at 4 GiB (QEMU's below-4G split); <c>pc.bios</c> ends at 4 GiB; every other
/// block (fw_cfg blobs, option ROMs, VGA memory) is not at a fixed GPA and gets frames from
/// <see cref="ImageRegion.UnmappedFrameBase"/> up, in the order the image lists them.
/// </summary>
internal sealed class PcMemoryMap(string machine, ulong? ramBelow4G, string mainBlock)
{
    private const ulong FourGiB = 1UL << 32;
    private ulong _nextUnmapped = ImageRegion.UnmappedFrameBase;

    public string Machine { get; } = machine;

    /// <summary>
    /// lowmem as QEMU 10 computes it without <c>max-ram-below-4g</c>: i440fx keeps all RAM low below
    /// 3.5 GiB and 3 GiB otherwise (hw/i386/pc_piix.c); q35 below 2.75 GiB and 2 GiB otherwise (pc_q35.c).
    /// </summary>
    public ulong LowMemory(ulong ramSize)
    {
        if (ramBelow4G is { } forced)
        {
            return Math.Min(forced, ramSize);
        }

        bool q35 = Machine.Contains("q35", StringComparison.OrdinalIgnoreCase);
        ulong limit = q35 ? 0xB000_0000UL : 0xE000_0000UL;
        ulong split = q35 ? 0x8000_0000UL : 0xC000_0000UL;
        return ramSize < limit ? ramSize : split;
    }

    /// <summary>The regions one block occupies (two for a main block larger than lowmem).</summary>
    public List<ImageRegion> Place(string name, ulong length)
    {
        ulong pages = (length + 4095) / 4096;
        if (name == mainBlock)
        {
            ulong low = LowMemory(length) / 4096;
            var regions = new List<ImageRegion> { new(name, 0, Math.Min(low, pages), 0, 0) };
            if (pages > low)
            {
                regions.Add(new ImageRegion(name, FourGiB / 4096, pages - low, low * 4096, FourGiB));
            }

            return regions;
        }

        if (name == "pc.bios" && length <= 16UL << 20)
        {
            ulong gpa = FourGiB - (pages * 4096);
            return [new ImageRegion(name, gpa / 4096, pages, 0, gpa)];
        }

        var region = new ImageRegion(name, _nextUnmapped, pages, 0, null);
        _nextUnmapped += pages;
        return [region];
    }
}
