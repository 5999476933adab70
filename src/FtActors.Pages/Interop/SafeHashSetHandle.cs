using Microsoft.Win32.SafeHandles;

namespace FtActors.Pages.Interop;

/// <summary>Owns a native <c>ftp_hashset</c>; the runtime frees it exactly once, after the last call using it.</summary>
internal sealed class SafeHashSetHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeHashSetHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        FtPagesNative.HashSetFree(handle);
        return true;
    }
}
