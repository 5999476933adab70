using System.Globalization;
using System.Text.Json.Nodes;
using FtActors.Lab.Guests;
using FtActors.Qemu.Qmp;

namespace FtActors.Lab.Migration;

/// <summary>
/// QEMU's own migration between two lab guests, as a baseline and as the reference the FtActors
/// migration is checked against: start a destination listening with <c>-incoming</c>, <c>migrate</c>,
/// poll until done or given up.
/// </summary>
public static class PlainMigration
{
    /// <summary>
    /// The destination's spec for <paramref name="source"/>: same machine, memory and workload (QEMU
    /// requires identical RAM layout), its own name and run directory, listening on <paramref name="incoming"/>.
    /// </summary>
    public static GuestSpec DestinationSpec(GuestSpec source, string name, string incoming, string? networkNamespace) =>
        (source ?? throw new ArgumentNullException(nameof(source))) with
        {
            Name = name,
            Incoming = incoming,
            NetworkNamespace = networkNamespace,
            RamPath = null,
            RunDirectory = null,
            StartPaused = false,
        };

    /// <summary>A TCP incoming URI for <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static string TcpUri(string address, int port) => string.Create(CultureInfo.InvariantCulture, $"tcp:{address}:{port}");

    /// <summary>
    /// Sets capabilities on both ends and parameters on the source, starts the migration to
    /// <paramref name="uri"/> and waits for it. When it has not finished after
    /// <see cref="PlainMigrationOptions.GiveUpAfter"/> it is cancelled (the source keeps running) and
    /// the last counters before the cancel are returned with their status (usually <c>active</c>).
    /// </summary>
    /// <exception cref="QmpException">QEMU refused a capability, parameter or the migrate command.</exception>
    public static async Task<MigrationInfo> RunAsync(
        QmpClient source, QmpClient? destination, string uri, PlainMigrationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Capabilities.Count > 0)
        {
            await source.MigrateSetCapabilitiesAsync(options.Capabilities, cancellationToken).ConfigureAwait(false);
            if (destination is not null)
            {
                await destination.MigrateSetCapabilitiesAsync(options.Capabilities, cancellationToken).ConfigureAwait(false);
            }
        }

        if (options.MaxBandwidthBytesPerSecond is { } bw)
        {
            await source.MigrateSetParametersAsync(new JsonObject { ["max-bandwidth"] = bw }, cancellationToken).ConfigureAwait(false);
        }

        await source.MigrateAsync(uri, cancellationToken).ConfigureAwait(false);
        var info = await source.WaitForMigrationAsync(options.GiveUpAfter, options.PollInterval, cancellationToken).ConfigureAwait(false);
        if (!info.IsFinished)
        {
            await source.MigrateCancelAsync(cancellationToken).ConfigureAwait(false);
            await source.WaitForMigrationAsync(TimeSpan.FromSeconds(30), options.PollInterval, cancellationToken).ConfigureAwait(false);
        }

        return info;
    }

    /// <summary>
    /// Waits until the destination has finished loading the incoming stream (its run state leaves
    /// <c>inmigrate</c>) and returns that state. The source reports <c>completed</c> once it has sent
    /// everything, which can be before the destination has loaded it; a <c>cont</c> sent to a
    /// destination still in <c>inmigrate</c> is overridden when loading ends with the source's paused
    /// state, so callers that resume a stopped-source migration must wait here first.
    /// </summary>
    /// <exception cref="LabException">Still loading after <paramref name="timeout"/>.</exception>
    public static async Task<VmStatus> WaitForIncomingAsync(QmpClient destination, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await destination.QueryStatusAsync(cancellationToken).ConfigureAwait(false);
            if (status.Status != "inmigrate")
            {
                return status;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new LabException($"destination still loading the incoming migration (inmigrate) after {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Copies a RAM file into another in place: the destination file keeps its inode (QEMU may already
    /// have it mapped shared) and is never truncated, only overwritten. Both must be the same size.
    /// </summary>
    /// <exception cref="LabException">The files differ in size.</exception>
    public static async Task CopyRamFileAsync(string from, string to, CancellationToken cancellationToken = default)
    {
        var src = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, useAsync: true);
        await using (src.ConfigureAwait(false))
        {
            var dst = new FileStream(to, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 20, useAsync: true);
            await using (dst.ConfigureAwait(false))
            {
                if (src.Length != dst.Length)
                {
                    throw new LabException($"RAM file copy: expected {to} to be {src.Length} bytes like {from}, found {dst.Length}");
                }

                await src.CopyToAsync(dst, 1 << 20, cancellationToken).ConfigureAwait(false);
                await dst.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
