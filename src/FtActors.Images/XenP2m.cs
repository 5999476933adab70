using System.Buffers.Binary;
using FtActors.Pages;

namespace FtActors.Images;

/// <summary>
/// Reads a Xen PV guest's own pfn-to-mfn table out of a save image: the pages named by the p2m frame list,
/// read as <see cref="XenFrameMap.GuestWidth"/>-byte entries. With it, host machine frame numbers found in
/// pages that are not typed as pagetables (the p2m frames themselves, start_info) can be translated back to
/// pfns, and two saves made on different hosts become comparable.
/// </summary>
public static class XenP2m
{
    /// <summary>Entry i is the mfn the guest had at pfn i when it was saved (all-ones for invalid entries).</summary>
    /// <exception cref="InvalidOperationException">The image is not a Xen PV save or carries no p2m frame list.</exception>
    /// <exception cref="ImageFormatException">A p2m frame is missing from the image.</exception>
    public static ulong[] ReadTable(IGuestImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var map = image.Xen;
        if (map is null || map.GuestWidth is not (4 or 8) || map.P2mFramePfns.Count == 0)
        {
            throw new InvalidOperationException($"{image.Path} carries no PV p2m frame list");
        }

        int perPage = PageSize.Bytes / map.GuestWidth;
        long entries = Math.Min((long)map.MaxPfn, (long)map.P2mFramePfns.Count * perPage);
        var table = new ulong[entries];
        var wanted = new Dictionary<ulong, List<int>>();
        for (int i = 0; i < map.P2mFramePfns.Count; i++)
        {
            ulong pfn = map.P2mFramePfns[i];
            if (!wanted.TryGetValue(pfn, out var slots))
            {
                wanted[pfn] = slots = [];
            }

            slots.Add(i);
        }

        int found = 0;
        foreach (var batch in image.ReadBatches())
        {
            for (int b = 0; b < batch.Count; b++)
            {
                if (!wanted.TryGetValue(batch.Frames[b], out var slots) || batch.Types[b] == PageType.NotPresent)
                {
                    continue;
                }

                var page = batch.Page(b);
                foreach (int slot in slots)
                {
                    found++;
                    for (int e = 0; e < perPage; e++)
                    {
                        long index = ((long)slot * perPage) + e;
                        if (index >= entries)
                        {
                            break;
                        }

                        table[index] = map.GuestWidth == 8
                            ? BinaryPrimitives.ReadUInt64LittleEndian(page[(e * 8)..])
                            : ExtendInvalid(BinaryPrimitives.ReadUInt32LittleEndian(page[(e * 4)..]));
                    }
                }
            }
        }

        if (found < map.P2mFramePfns.Count)
        {
            throw new ImageFormatException(image.Path, 0, $"all {map.P2mFramePfns.Count} p2m frames among the saved pages", $"{found}");
        }

        return table;
    }

    // A 32-bit guest marks an invalid entry with 0xffffffff; widen it to the 64-bit all-ones marker.
    private static ulong ExtendInvalid(uint value) => value == uint.MaxValue ? ulong.MaxValue : value;
}
