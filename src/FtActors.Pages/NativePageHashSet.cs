using FtActors.Pages.Interop;

namespace FtActors.Pages;

/// <summary>A hash set living in native memory, owned by a <see cref="SafeHashSetHandle"/>.</summary>
internal sealed unsafe class NativePageHashSet : PageHashSet
{
    public NativePageHashSet(SafeHashSetHandle handle)
    {
        Handle = handle;
        Count = (long)FtPagesNative.HashSetCount(handle);
    }

    internal SafeHashSetHandle Handle { get; }

    public override long Count { get; }

    public override string EngineName => "native";

    public override bool Contains(PageHash hash)
    {
        // Safety: hash is a local copy; the library reads 16 bytes from it during the call.
        int result = FtPagesNative.HashSetContains(Handle, &hash);
        NativeStatus.ThrowIfFailed(result, "ftp_hashset_contains");
        return result == 1;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
