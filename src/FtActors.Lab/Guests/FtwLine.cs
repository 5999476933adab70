namespace FtActors.Lab.Guests;

/// <summary>
/// One line the guest's workload printed, or that <c>ftw expect</c> printed on the host.
/// Iteration lines carry the chained checksum that proves the guest's memory is intact.
/// </summary>
/// <param name="Workload">idle, readmostly, stencil or fillfree.</param>
/// <param name="Kind">Which of the workload's line shapes this is.</param>
/// <param name="Iteration">The iteration number (iteration lines only, else 0).</param>
/// <param name="Sum">The chained checksum after that iteration (iteration lines only, else 0).</param>
/// <param name="Mb">The data size in MiB (ready and freed lines only, else 0).</param>
/// <param name="Ms">The guest's monotonic milliseconds, or null (expect lines have none).</param>
public sealed record FtwLine(string Workload, FtwLineKind Kind, ulong Iteration, ulong Sum, ulong Mb, ulong? Ms)
{
    /// <summary>The line as ftw prints it, so a parsed line can be compared with <c>ftw expect</c> output.</summary>
    public override string ToString() => Kind switch
    {
        FtwLineKind.Iteration => $"ftw {Workload} iter={Iteration} sum={Sum:x16}" + (Ms is { } ms ? $" ms={ms}" : string.Empty),
        FtwLineKind.Ready => $"ftw {Workload} ready mb={Mb}" + (Ms is { } r ? $" ms={r}" : string.Empty),
        _ => $"ftw {Workload} freed mb={Mb}" + (Ms is { } f ? $" ms={f}" : string.Empty),
    };
}
