using System.Runtime.CompilerServices;
using FtActors.Pages;

namespace FtActors.Images.Analysis;

/// <summary>
/// Computes an image's footprint in one pass. Memory grows with the number of distinct non-zero pages (one
/// hash and a count each), never with the image size.
/// </summary>
public sealed class ImageInspector(IPageEngine engine)
{
    /// <summary>Reads every page of <paramref name="image"/> once and counts.</summary>
    /// <exception cref="ImageFormatException">The image turned out unreadable part way (e.g. truncated page data).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public InspectReport Inspect(IGuestImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var zeroHash = engine.Hash(new byte[PageSize.Bytes]);
        var counts = new HashCounts();
        var perRegion = new long[image.Regions.Count, 5];
        var locator = new RegionLocator(image.Regions);
        long pages = 0, zero = 0, nonZero = 0, pageTables = 0, notPresent = 0;
        using (var walk = new ClassifiedPages(image, engine, zeroHash))
        {
            while (walk.MoveNext())
            {
                int region = locator.Find(walk.Frame);
                int column;
                switch (walk.Kind)
                {
                    case PageKind.Absent:
                        notPresent++;
                        column = 4;
                        break;
                    case PageKind.Zero:
                        pages++;
                        zero++;
                        column = 1;
                        break;
                    default:
                        pages++;
                        nonZero++;
                        column = 2;
                        if (walk.Kind == PageKind.PageTable)
                        {
                            pageTables++;
                            if (region >= 0)
                            {
                                perRegion[region, 3]++;
                            }
                        }

                        counts.Add(walk.Hash);
                        break;
                }

                if (region >= 0)
                {
                    perRegion[region, column]++;
                    if (column != 4)
                    {
                        perRegion[region, 0]++;
                    }
                }
            }
        }

        var (duplicatePages, duplicateContents) = counts.Duplicates();
        var regions = image.Regions.Select((r, i) => new RegionFootprint(
            r.Name, r.GuestPhysicalAddress, perRegion[i, 0], perRegion[i, 1], perRegion[i, 2], perRegion[i, 3], perRegion[i, 4])).ToList();
        return new InspectReport(
            image.Path, ImageReader.Name(image.Format), engine.Name, pages, zero, nonZero, counts.Count,
            duplicatePages, duplicateContents, pageTables, notPresent, image.Properties, regions);
    }
}
