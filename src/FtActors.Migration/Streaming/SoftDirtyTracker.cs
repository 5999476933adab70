using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FtActors.Pages;

namespace FtActors.Migration.Streaming;

/// <summary>
/// Tells which pages of a guest's RAM file QEMU's process wrote since a point in time, from the host
/// kernel's soft-dirty bits (CONFIG_MEM_SOFT_DIRTY): writing "4" to <c>/proc/PID/clear_refs</c> clears
/// them, and bit 55 of each <c>/proc/PID/pagemap</c> entry over QEMU's mapping of the file is set again
/// by the first write to the page. Under TCG the guest's stores are QEMU's own, so they set the bits.
/// </summary>
/// <remarks>
/// The bits are cleared once, before round 0 reads anything, and never again during the session: each
/// later collection returns every page written since round 0 began. Clearing between rounds would lose
/// a write that lands between reading the bits and clearing them; never clearing over-reports (the hash
/// comparison then finds the page unchanged) but can never under-report, so the paused final round,
/// which hashes only the collected pages, stays exact.
/// </remarks>
public sealed class SoftDirtyTracker
{
    private const int SoftDirtyBit = 55;
    private readonly int _pid;
    private readonly ulong _start;

    private SoftDirtyTracker(int pid, ulong start, long frameCount)
    {
        _pid = pid;
        _start = start;
        FrameCount = frameCount;
    }

    /// <summary>Pages of the RAM file the tracker covers.</summary>
    public long FrameCount { get; }

    /// <summary>
    /// Checks that this kernel keeps soft-dirty bits, on a page of this process: fault it in, clear,
    /// write, and expect bit 55. Returns null when it works, else why not.
    /// </summary>
    public static string? ProbeKernel()
    {
        try
        {
            var page = GC.AllocateArray<byte>(PageSize.Bytes * 2, pinned: true);
            var address = (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(page, 0);
            address = (address + PageSize.Bytes - 1) / PageSize.Bytes * PageSize.Bytes;
            var index = (int)(address - (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(page, 0));
            page[index] = 1;
            File.WriteAllText("/proc/self/clear_refs", "4");
            var afterClear = ReadEntry("/proc/self/pagemap", address);
            page[index] = 2;
            var afterWrite = ReadEntry("/proc/self/pagemap", address);
            GC.KeepAlive(page);
            if (IsSoftDirty(afterClear) || !IsSoftDirty(afterWrite))
            {
                return $"the kernel does not keep soft-dirty bits (CONFIG_MEM_SOFT_DIRTY): a page written after clear_refs shows bit 55 = {(afterWrite >> SoftDirtyBit) & 1}";
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"soft-dirty bits cannot be read here: {e.Message}";
        }
    }

    /// <summary>
    /// Finds QEMU's shared mapping of <paramref name="ramFile"/> in <c>/proc/<paramref name="qemuPid"/>/maps</c>
    /// and checks the kernel keeps soft-dirty bits; returns the tracker, or null with the reason it cannot work.
    /// </summary>
    public static SoftDirtyTracker? TryOpen(int qemuPid, string ramFile, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(ramFile);
        reason = ProbeKernel();
        if (reason is not null)
        {
            return null;
        }

        var full = Path.GetFullPath(ramFile);
        var frames = new FileInfo(full).Length / PageSize.Bytes;
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{qemuPid}/maps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"cannot read /proc/{qemuPid}/maps: {e.Message}";
            return null;
        }

        var mapping = FindMapping(lines, full, frames);
        if (mapping is null)
        {
            reason = $"process {qemuPid} has no shared mapping of {full} at offset 0 covering {frames} pages";
            return null;
        }

        return new SoftDirtyTracker(qemuPid, mapping.Start, frames);
    }

    /// <summary>The shared mapping of <paramref name="path"/> from file offset 0 covering <paramref name="frames"/> pages, or null.</summary>
    public static ProcMapsLine? FindMapping(IReadOnlyList<string> mapsLines, string path, long frames)
    {
        ArgumentNullException.ThrowIfNull(mapsLines);
        for (var i = 0; i < mapsLines.Count; i++)
        {
            if (mapsLines[i].Length == 0)
            {
                continue;
            }

            var line = ProcMapsLine.Parse(mapsLines[i], i + 1);
            if (line.Path == path && line.Offset == 0 && line.Permissions[3] == 's' && (long)(line.End - line.Start) >= frames * PageSize.Bytes)
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Clears the soft-dirty bits of every page of QEMU's process (done once, before round 0).</summary>
    public void Clear() => File.WriteAllText($"/proc/{_pid}/clear_refs", "4");

    /// <summary>Adds to <paramref name="into"/> every page written since <see cref="Clear"/>.</summary>
    public void Collect(DirtyFrameSet into)
    {
        ArgumentNullException.ThrowIfNull(into);
        using var pagemap = File.OpenHandle($"/proc/{_pid}/pagemap", FileMode.Open, FileAccess.Read);
        var buffer = new byte[8 * 8192];
        for (long frame = 0; frame < FrameCount; frame += 8192)
        {
            var n = (int)Math.Min(8192, FrameCount - frame);
            var offset = (long)((_start / PageSize.Bytes) + (ulong)frame) * 8;
            var read = RandomAccess.Read(pagemap, buffer.AsSpan(0, n * 8), offset);
            if (read != n * 8)
            {
                throw new MigrationException($"/proc/{_pid}/pagemap: expected {n * 8} bytes at offset {offset}, read {read}");
            }

            for (var i = 0; i < n; i++)
            {
                if (IsSoftDirty(BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(i * 8))))
                {
                    into.Add(frame + i);
                }
            }
        }
    }

    /// <summary>Whether a pagemap entry has the soft-dirty bit (55) set.</summary>
    public static bool IsSoftDirty(ulong entry) => ((entry >> SoftDirtyBit) & 1) != 0;

    private static ulong ReadEntry(string pagemap, ulong address)
    {
        using var handle = File.OpenHandle(pagemap, FileMode.Open, FileAccess.Read);
        var entry = new byte[8];
        var read = RandomAccess.Read(handle, entry, (long)(address / PageSize.Bytes * 8));
        return read == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(entry) : 0;
    }
}
