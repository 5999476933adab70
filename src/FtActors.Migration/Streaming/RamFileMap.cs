using System.IO.MemoryMappedFiles;
using FtActors.Migration.Interop;
using FtActors.Pages;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Migration.Streaming;

/// <summary>
/// A read-only shared mapping of a guest's RAM file: pages are hashed where they lie in the page cache,
/// without copying them into a buffer first, and holes (never-written or punched-out ranges) are found
/// with SEEK_DATA/SEEK_HOLE so they are never touched. The mapping sees the guest's writes as they happen:
/// a caller that sends a page's bytes must hash the bytes it copied, not the mapping (see
/// <see cref="PageStreamer"/>).
/// </summary>
public sealed unsafe class RamFileMap : IDisposable
{
    private readonly FileStream _stream;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly bool _sparseAware;
    private byte* _base;

    /// <summary>Maps <paramref name="path"/> (a non-empty multiple of 4096 bytes) for reading.</summary>
    /// <exception cref="MigrationException">The file is missing, empty or not a whole number of pages.</exception>
    public RamFileMap(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrationException($"{path}: cannot open the RAM file: {e.Message}", e);
        }

        Length = _stream.Length;
        if (Length == 0 || Length % PageSize.Bytes != 0)
        {
            _stream.Dispose();
            throw new MigrationException($"{path}: expected a RAM file of a non-zero multiple of {PageSize.Bytes} bytes, found {Length} bytes");
        }

        _file = MemoryMappedFile.CreateFromFile(_stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = _file.CreateViewAccessor(0, Length, MemoryMappedFileAccess.Read);
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _base);
        _base += _view.PointerOffset;
        _sparseAware = Posix.Seek(Handle, 0, Posix.SeekHole) >= 0;
    }

    /// <summary>File size in bytes.</summary>
    public long Length { get; }

    /// <summary>Pages in the file.</summary>
    public long FrameCount => Length / PageSize.Bytes;

    private SafeFileHandle Handle => _stream.SafeFileHandle;

    /// <summary>The live bytes of <paramref name="count"/> pages from <paramref name="firstFrame"/> (they may change while read).</summary>
    public ReadOnlySpan<byte> Pages(long firstFrame, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstFrame);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstFrame + count, FrameCount);
        ObjectDisposedException.ThrowIf(_base == null, this);
        return new ReadOnlySpan<byte>(_base + (firstFrame * PageSize.Bytes), count * PageSize.Bytes);
    }

    /// <summary>
    /// Marks in <paramref name="holes"/> which of the pages from <paramref name="firstFrame"/> lie wholly
    /// in a hole of the file (they read as zero). A file system without SEEK_HOLE reports no holes.
    /// </summary>
    public void FindHoles(long firstFrame, Span<bool> holes)
    {
        holes.Clear();
        if (!_sparseAware)
        {
            return;
        }

        var start = firstFrame * PageSize.Bytes;
        var end = start + ((long)holes.Length * PageSize.Bytes);
        var position = start;
        while (position < end)
        {
            var data = Posix.Seek(Handle, position, Posix.SeekData);
            var holeEnd = data < 0 ? end : Math.Min(data, end);
            // A page is a hole only when all of it is.
            for (var p = CeilPage(position); p + PageSize.Bytes <= holeEnd; p += PageSize.Bytes)
            {
                holes[(int)((p - start) / PageSize.Bytes)] = true;
            }

            if (data < 0 || data >= end)
            {
                return;
            }

            var hole = Posix.Seek(Handle, data, Posix.SeekHole);
            position = hole < 0 ? end : hole;
        }
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_base != null)
        {
            _base = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        _view.Dispose();
        _file.Dispose();
        _stream.Dispose();
    }

    private static long CeilPage(long offset) => (offset + PageSize.Bytes - 1) / PageSize.Bytes * PageSize.Bytes;
}
