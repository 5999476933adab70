using System.Buffers.Binary;
using System.Globalization;
using FtActors.Pages;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Store;

/// <summary>
/// The page area: a 4 KiB header, then page slots of 4 KiB. Slots are only appended or, after a gc,
/// reused once no committed manifest names them, so a crash while writing pages never touches a slot
/// the committed manifest relies on. Bytes past the committed slot count are ignored leftovers.
/// </summary>
internal sealed class PagesFile : IDisposable
{
    private PagesFile(string path, SafeFileHandle handle)
    {
        Path = path;
        Handle = handle;
    }

    public string Path { get; }

    public SafeFileHandle Handle { get; }

    public long Length => RandomAccess.GetLength(Handle);

    public static byte[] Header(IPageEngine engine, Guid storeId)
    {
        byte[] h = new byte[StoreFormat.PagesHeaderSize];
        StoreFormat.PagesMagic.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(StoreFormat.PagesOffMajor), StoreFormat.Major);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(StoreFormat.PagesOffMinor), StoreFormat.Minor);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(StoreFormat.PagesOffPageSize), StoreFormat.PageSizeBytes);
        storeId.TryWriteBytes(h.AsSpan(StoreFormat.PagesOffStoreId));
        BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(StoreFormat.PagesOffChecksum), Checksum.OfHeader(engine, h, StoreFormat.PagesOffChecksum));
        return h;
    }

    public static PagesFile Open(string path, IPageEngine engine, Guid expectedStoreId, long committedSlots, bool writable)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{path}: cannot open the page area: {ex.Message}", ex);
        }

        var file = new PagesFile(path, handle);
        try
        {
            file.Check(engine, expectedStoreId, committedSlots);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private void Check(IPageEngine engine, Guid expectedStoreId, long committedSlots)
    {
        long length = Length;
        Span<byte> h = stackalloc byte[StoreFormat.PagesHeaderSize];
        if (length < StoreFormat.PagesHeaderSize)
        {
            throw new StoreCorruptException(Path, 0, $"a page area of at least {StoreFormat.PagesHeaderSize} bytes", $"{length} bytes");
        }

        RandomAccess.Read(Handle, h, 0);
        if (!h[..8].SequenceEqual(StoreFormat.PagesMagic))
        {
            throw new StoreCorruptException(Path, 0, StoreFormat.Describe(StoreFormat.PagesMagic) + " (page area magic)", StoreFormat.Describe(h[..8]));
        }

        ushort major = StoreFormat.ReadU16(h, StoreFormat.PagesOffMajor);
        ushort minor = StoreFormat.ReadU16(h, StoreFormat.PagesOffMinor);
        if (major != StoreFormat.Major)
        {
            throw new StoreVersionException(Path, StoreFormat.Version(major, minor), StoreFormat.ReaderVersion, $"page area major version {major} is not {StoreFormat.Major}");
        }

        ulong stored = StoreFormat.ReadU64(h, StoreFormat.PagesOffChecksum);
        ulong actual = Checksum.OfHeader(engine, h, StoreFormat.PagesOffChecksum);
        if (stored != actual)
        {
            throw new StoreCorruptException(Path, StoreFormat.PagesOffChecksum, $"header checksum {actual:x16}", $"{stored:x16}");
        }

        var id = new Guid(h.Slice(StoreFormat.PagesOffStoreId, 16));
        if (id != expectedStoreId)
        {
            throw new StoreCorruptException(Path, StoreFormat.PagesOffStoreId, $"store id {expectedStoreId:N} (from the manifest)", $"{id:N}");
        }

        long needed = StoreFormat.SlotOffset(committedSlots);
        if (length < needed)
        {
            throw new StoreCorruptException(Path, length, $"{committedSlots} page slots ({needed} bytes)",
                string.Create(CultureInfo.InvariantCulture, $"a file of {length} bytes"));
        }
    }

    /// <summary>Reads slot <paramref name="slot"/> into <paramref name="page"/>; false if the file is shorter.</summary>
    public bool ReadSlot(long slot, Span<byte> page) =>
        RandomAccess.Read(Handle, page[..StoreFormat.PageSizeBytes], StoreFormat.SlotOffset(slot)) == StoreFormat.PageSizeBytes;

    public void Dispose() => Handle.Dispose();
}
