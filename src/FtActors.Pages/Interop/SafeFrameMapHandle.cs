using Microsoft.Win32.SafeHandles;

namespace FtActors.Pages.Interop;

/// <summary>Owns a native <c>ftp_framemap</c>; the runtime frees it exactly once, after the last call using it.</summary>
internal sealed class SafeFrameMapHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeFrameMapHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        FtPagesNative.FrameMapFree(handle);
        return true;
    }
}
