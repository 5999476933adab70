using FtActors.Lab.Topologies;

namespace FtActors.Lab.Migration;

/// <summary>One baseline measurement: a guest, a link and a way of migrating.</summary>
/// <param name="Workload">ftw workload.</param>
/// <param name="Mb">Workload data size in MiB.</param>
/// <param name="MemoryMiB">Guest RAM.</param>
/// <param name="Rate">Link rate between the two nodes.</param>
/// <param name="Mode">Live, stop-and-copy or x-ignore-shared.</param>
/// <param name="GiveUpAfter">Cancel a migration that has not finished by then (non-convergence).</param>
/// <param name="MaxBandwidthBytesPerSecond">QEMU max-bandwidth; raised so the link, not QEMU's default cap, limits.</param>
public sealed record BaselineCase(
    string Workload,
    int Mb,
    int MemoryMiB,
    LinkRate Rate,
    BaselineMode Mode,
    TimeSpan GiveUpAfter,
    long MaxBandwidthBytesPerSecond);
