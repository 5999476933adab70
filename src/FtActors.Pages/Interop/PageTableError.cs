using System.Runtime.InteropServices;

namespace FtActors.Pages.Interop;

/// <summary>Mirror of <c>ftp_pt_error</c>: where a pagetable translation stopped and why.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PageTableError
{
    public uint Entry;
    public int Status;
    public ulong Frame;
}
