using FtActors.Images;
using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// Any guest image FtActors.Images reads (raw, shared RAM file, ELF core, QEMU stream or mapped-ram,
/// Xen save) as a store source. Frames the reader knows are zero or absent are left out, as the
/// <see cref="IPageSource"/> contract allows; image errors surface as <see cref="StoreException"/>.
/// </summary>
public sealed class GuestImagePageSource : IPageSource
{
    private readonly IGuestImage _image;
    private IEnumerator<PageBatch>? _batches;
    private int _next;
    private bool _done;

    /// <summary>Wraps an opened image; the source owns it and disposes it.</summary>
    public GuestImagePageSource(IGuestImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _image = image;
        Name = image.Path;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The image's format, as FtActors.Images names it.</summary>
    public string Format => ImageReader.Name(_image.Format);

    /// <summary>Opens <paramref name="path"/> with format detection (or the forced <paramref name="format"/>).</summary>
    /// <exception cref="StoreException">The file cannot be opened or is not a readable image.</exception>
    public static GuestImagePageSource Open(string path, ImageFormat? format = null)
    {
        try
        {
            return new GuestImagePageSource(ImageReader.Open(path, new ImageOpenOptions { Format = format }));
        }
        catch (Exception ex) when (ex is ImageFormatException or IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{path}: cannot read the guest image: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public int Read(Span<ulong> frames, Span<byte> pages)
    {
        int capacity = Math.Min(frames.Length, pages.Length / PageSize.Bytes);
        int filled = 0;
        try
        {
            while (filled < capacity && !_done)
            {
                _batches ??= _image.ReadBatches().GetEnumerator();
                PageBatch? batch = _batches.Current;
                if (batch is null || _next >= batch.Count)
                {
                    if (!_batches.MoveNext())
                    {
                        _done = true;
                        break;
                    }

                    _next = 0;
                    continue;
                }

                PageType type = batch.Types[_next];
                if (type is PageType.Normal or PageType.PageTable)
                {
                    frames[filled] = batch.Frames[_next];
                    batch.Page(_next).CopyTo(pages.Slice(filled * PageSize.Bytes, PageSize.Bytes));
                    filled++;
                }

                _next++;
            }
        }
        catch (ImageFormatException ex)
        {
            throw new StoreException($"{Name}: cannot read the guest image: {ex.Message}", ex);
        }

        return filled;
    }

    /// <inheritdoc />
    public void Rewind()
    {
        _batches?.Dispose();
        _batches = null;
        _next = 0;
        _done = false;
    }

    /// <summary>Ends the enumeration and closes the image.</summary>
    public void Dispose()
    {
        _batches?.Dispose();
        _image.Dispose();
    }
}
