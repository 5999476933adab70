using Microsoft.Win32.SafeHandles;

namespace FtActors.Migration.Xen;

/// <summary>Positional reads both ends of a Xen image move need: a short read is an error naming the file and offset.</summary>
internal static class XenFiles
{
    /// <summary>Fills <paramref name="into"/> from <paramref name="offset"/> of <paramref name="path"/>'s open <paramref name="file"/>.</summary>
    /// <exception cref="XenImageException">The file ends first (it shrank while it was being moved).</exception>
    public static void ReadExactly(SafeFileHandle file, string path, Span<byte> into, long offset)
    {
        int done = 0;
        while (done < into.Length)
        {
            int n = RandomAccess.Read(file, into[done..], offset + done);
            if (n == 0)
            {
                throw new XenImageException(path, offset + done, $"{into.Length - done} more bytes", "end of file (the file shrank while it was being moved)");
            }

            done += n;
        }
    }
}
