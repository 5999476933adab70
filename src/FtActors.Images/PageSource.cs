using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Images;

/// <summary>Reads page bytes at file offsets: positional reads (pread) or a read-only memory mapping.</summary>
internal abstract class PageSource : IDisposable
{
    public abstract void Read(long offset, byte[] buffer, int index, int count);

    public abstract void Dispose();

    /// <summary>Positional reads through a file handle; no shared file position, so readers never seek.</summary>
    internal sealed class FileSource(string path, SafeFileHandle handle) : PageSource
    {
        public override void Read(long offset, byte[] buffer, int index, int count)
        {
            int done = 0;
            while (done < count)
            {
                int n = RandomAccess.Read(handle, buffer.AsSpan(index + done, count - done), offset + done);
                if (n == 0)
                {
                    throw new ImageFormatException(path, offset + done, $"{count - done} more bytes of page data", "end of file");
                }

                done += n;
            }
        }

        public override void Dispose() => handle.Dispose();
    }

    /// <summary>
    /// A read-only view of a file another process (QEMU) keeps writing: the mapping shares the page cache with
    /// the guest's RAM, so reads see the guest's current bytes without a copy through the kernel.
    /// </summary>
    internal sealed class MappedSource(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, long length) : PageSource
    {
        public override void Read(long offset, byte[] buffer, int index, int count)
        {
            if (offset < 0 || offset + count > length)
            {
                throw new ImageFormatException(path, offset, $"{count} bytes inside the {length}-byte file", "a range past its end");
            }

            view.ReadArray(offset, buffer, index, count);
        }

        public override void Dispose()
        {
            view.Dispose();
            file.Dispose();
        }
    }
}
