using FtActors.Store.Interop;
using FtActors.Pages;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Store;

/// <summary>
/// A raw memory dump or a running guest's shared RAM file (QEMU memory-backend-file): frame = offset /
/// 4096. Unallocated ranges (found with SEEK_DATA/SEEK_HOLE, e.g. pages the balloon reported free and
/// QEMU punched out) read as zero and are skipped without reading. A live file may change while it is
/// read; each page is whatever it held at the moment it was read, which the builder copes with.
/// </summary>
public sealed class RawFilePageSource : IPageSource
{
    private readonly SafeFileHandle _handle;
    private readonly long _length;
    private readonly bool _sparseAware;
    private long _position;
    private long _dataEnd;

    /// <summary>Opens <paramref name="path"/> for reading; the frame count is fixed by its length now.</summary>
    /// <exception cref="StoreException">The file cannot be opened.</exception>
    public RawFilePageSource(string path)
    {
        Name = path;
        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{path}: cannot open the memory image: {ex.Message}", ex);
        }

        _length = RandomAccess.GetLength(_handle);
        _sparseAware = Posix.Seek(_handle, 0, Posix.SeekHole) >= 0;
        _dataEnd = _sparseAware ? 0 : _length;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Frames the file covers (a partial last page counts, zero-padded).</summary>
    public long FrameCount => (_length + PageSize.Bytes - 1) / PageSize.Bytes;

    /// <inheritdoc />
    public int Read(Span<ulong> frames, Span<byte> pages)
    {
        int capacity = Math.Min(frames.Length, pages.Length / PageSize.Bytes);
        int filled = 0;
        while (filled < capacity && _position < _length)
        {
            if (_position >= _dataEnd && !NextDataRange())
            {
                _position = _length;
                break;
            }

            int run = (int)Math.Min(capacity - filled, (_dataEnd - _position + PageSize.Bytes - 1) / PageSize.Bytes);
            Span<byte> dest = pages.Slice(filled * PageSize.Bytes, run * PageSize.Bytes);
            int got = RandomAccess.Read(_handle, dest, _position);
            dest[got..].Clear();
            for (int i = 0; i < run; i++)
            {
                frames[filled + i] = (ulong)((_position / PageSize.Bytes) + i);
            }

            filled += run;
            _position += (long)run * PageSize.Bytes;
        }

        return filled;
    }

    /// <summary>Moves to the next allocated range, page-aligned outwards; false when none is left.</summary>
    private bool NextDataRange()
    {
        long data = Posix.Seek(_handle, _position, Posix.SeekData);
        if (data < 0 || data >= _length)
        {
            return false;
        }

        long hole = Posix.Seek(_handle, data, Posix.SeekHole);
        if (hole < 0)
        {
            hole = _length;
        }

        _position = data / PageSize.Bytes * PageSize.Bytes;
        _dataEnd = Math.Min(_length, (hole + PageSize.Bytes - 1) / PageSize.Bytes * PageSize.Bytes);
        return true;
    }

    /// <inheritdoc />
    public void Rewind()
    {
        _position = 0;
        _dataEnd = _sparseAware ? 0 : _length;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();
}
