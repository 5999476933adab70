using FtActors.Pages;

namespace FtActors.Images.Tests;

/// <summary>Deterministic page contents and a way to read an image into frame -> (type, hash) for assertions.</summary>
internal static class TestPages
{
    public static byte[] Page(int seed) => XenImages.Page(seed);

    public static PageHash Hash(int seed) => PageEngines.Managed.Hash(Page(seed));

    public static readonly PageHash ZeroHash = PageEngines.Managed.Hash(new byte[PageSize.Bytes]);

    /// <summary>Every frame the image yields with the reader's type and the hash of its bytes, checking frames ascend and batches are well formed.</summary>
    public static SortedDictionary<ulong, (PageType Type, PageHash Hash)> ReadAll(IGuestImage image, int batchPages = PageSize.BatchPages)
    {
        var result = new SortedDictionary<ulong, (PageType, PageHash)>();
        ulong? previous = null;
        foreach (var batch in image.ReadBatches(batchPages))
        {
            Assert.InRange(batch.Count, 1, batchPages);
            for (int i = 0; i < batch.Count; i++)
            {
                ulong frame = batch.Frames[i];
                Assert.True(previous is null || frame > previous, $"frame {frame} after {previous}");
                previous = frame;
                if (batch.Types[i] is PageType.Zero or PageType.NotPresent)
                {
                    // Pages the reader knows carry no bytes must come zero-filled; skip hashing the many of them.
                    Assert.False(batch.Page(i).ContainsAnyExcept((byte)0), $"frame {frame} typed {batch.Types[i]} has bytes");
                    result[frame] = (batch.Types[i], ZeroHash);
                }
                else
                {
                    result[frame] = (batch.Types[i], PageEngines.Managed.Hash(batch.Page(i)));
                }
            }
        }

        return result;
    }

    public static string TempFile(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), "ftimg-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
