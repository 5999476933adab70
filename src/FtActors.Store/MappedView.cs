using System.IO.MemoryMappedFiles;

namespace FtActors.Store;

/// <summary>
/// Spans over a read-only mapped view: the one place FtActors.Store uses unsafe code. Reading through
/// <see cref="System.Runtime.InteropServices.SafeBuffer.ReadSpan{T}"/> cost about 320 ns of CPU per
/// 160-byte read on this machine (a reference count taken and dropped and a copy each time), against
/// about 20 ns for a span over the mapping, and a lookup must take well under 50 ns to reach 20 million
/// a second. So the view's pointer is acquired once, at open, and every access is bounds-checked here.
/// </summary>
internal sealed unsafe class MappedView : IDisposable
{
    private readonly MemoryMappedViewAccessor _view;
    private byte* _base;

    public MappedView(MemoryMappedViewAccessor view, long length)
    {
        _view = view;
        Length = length;
        byte* pointer = null;

        // Safety: AcquirePointer adds a reference to the view's handle, so the mapping stays valid until
        // ReleasePointer in Dispose; PointerOffset accounts for the view starting inside an aligned page.
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    /// <summary>Bytes of the view.</summary>
    public long Length { get; }

    /// <summary>The bytes [offset, offset + length) of the view; throws if they are not all inside it.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes {offset}..{offset + length} are outside the mapped {Length} bytes");
        }

        ObjectDisposedException.ThrowIf(_base == null, this);

        // Safety: the range was checked against Length, the mapping's size, just above, and the mapping
        // stays valid until Dispose. Callers must not use a span after disposing the store (documented
        // on PageStore: disposing while other threads read is a bug of the caller).
        return new ReadOnlySpan<byte>(_base + offset, length);
    }

    /// <summary>
    /// The address of byte <paramref name="offset"/>, after checking that [offset, offset + length) lies inside the
    /// view: for a reader that proves its own bounds once (<see cref="IndexLookup"/>) and then reads by pointer.
    /// Valid until Dispose.
    /// </summary>
    public byte* Pointer(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes {offset}..{offset + length} are outside the mapped {Length} bytes");
        }

        ObjectDisposedException.ThrowIf(_base == null, this);
        return _base + offset;
    }

    public void Dispose()
    {
        if (_base != null)
        {
            _base = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        _view.Dispose();
    }
}
