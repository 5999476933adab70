using FtActors.Pages;

namespace FtActors.Images;

/// <summary>
/// Consecutive frames that read the same way: their pages lie back to back in the file from
/// <see cref="FileOffset"/> (data runs), or they carry no bytes (<see cref="PageType.Zero"/>,
/// <see cref="PageType.NotPresent"/>; FileOffset is -1). <see cref="Level"/> is 1-4 for Xen L1-L4 pagetables.
/// </summary>
internal readonly record struct PageRun(ulong Frame, long Count, long FileOffset, PageType Type, byte Level = 0)
{
    public bool HasData => FileOffset >= 0;

    public ulong EndFrame => Frame + (ulong)Count;
}
