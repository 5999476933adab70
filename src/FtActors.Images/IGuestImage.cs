namespace FtActors.Images;

/// <summary>
/// An opened guest memory image of any supported format. Pages come out in ascending frame order, each frame
/// once (for streams the last occurrence in the file wins), in batches sized for the page engine.
/// </summary>
public interface IGuestImage : IDisposable
{
    /// <summary>The file the image was read from.</summary>
    string Path { get; }

    /// <summary>The detected (or forced) format.</summary>
    ImageFormat Format { get; }

    /// <summary>Frames the image describes, including known-zero and not-present ones.</summary>
    long FrameCount { get; }

    /// <summary>Frames whose contents are present in the image (every frame except NotPresent ones).</summary>
    long PageCount { get; }

    /// <summary><see cref="PageCount"/> in bytes: the guest memory the image holds.</summary>
    long GuestBytes { get; }

    /// <summary>Named regions in frame order; every enumerated frame lies in exactly one of them.</summary>
    IReadOnlyList<ImageRegion> Regions { get; }

    /// <summary>Format facts for reports: machine type, Xen version, capabilities, segment count.</summary>
    IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>The frame maps a Xen save file carries (p2m frame list, pagetable levels); null for QEMU images.</summary>
    XenFrameMap? Xen { get; }

    /// <summary>
    /// Reads every frame in ascending order, <paramref name="batchPages"/> at a time. The same
    /// <see cref="PageBatch"/> instance is refilled for each step.
    /// </summary>
    /// <remarks>
    /// Ownership: the batch and its buffers belong to the enumerator and are valid only until the next
    /// MoveNext; copy what must outlive it. Buffers come from the shared array pool and return there when the
    /// enumeration ends or is disposed.
    /// </remarks>
    IEnumerable<PageBatch> ReadBatches(int batchPages = FtActors.Pages.PageSize.BatchPages);
}
