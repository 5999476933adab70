using System.Diagnostics;
using System.Globalization;

namespace FtActors.Lab.Topologies;

/// <summary>
/// Measures TCP goodput between two nodes of a topology with socat: a listener in one namespace
/// discards what arrives, the other sends <c>dd</c>'s zeros. It measures the lab link, CPU included
/// (on 2 cores the copy itself is the ceiling of an unshaped veth pair).
/// </summary>
public static class LinkProbe
{
    /// <summary>Sends <paramref name="megabytes"/> MiB from node <paramref name="from"/> to node <paramref name="to"/>; returns bits per second.</summary>
    /// <exception cref="LabException">socat is missing or the transfer failed.</exception>
    public static async Task<double> MeasureAsync(Topology topology, int from, int to, int megabytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topology);
        const int Port = 5201;
        var listen = new ProcessStartInfo("ip", ["netns", "exec", topology.Node(to).Namespace, "socat", "-u", "-b", "1048576",
            string.Create(CultureInfo.InvariantCulture, $"TCP-LISTEN:{Port},reuseaddr"), "OPEN:/dev/null,wronly=1"])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        };
        using var listener = Process.Start(listen) ?? throw new LabException("could not start socat");
        try
        {
            // Wait until the listener is bound, so the sender's connect cannot race it.
            var ready = false;
            for (var i = 0; i < 100 && !ready; i++)
            {
                var ss = await topology.RunAsync(to, "ss", ["-ltn", string.Create(CultureInfo.InvariantCulture, $"sport = :{Port}")], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                ready = ss.StandardOutput.Contains(string.Create(CultureInfo.InvariantCulture, $":{Port}"), StringComparison.Ordinal);
                if (!ready)
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }
            }

            var clock = Stopwatch.StartNew();
            var send = await topology.RunAsync(
                from,
                "sh",
                ["-c", string.Create(CultureInfo.InvariantCulture, $"dd if=/dev/zero bs=1M count={megabytes} status=none | socat -u -b 1048576 - TCP:{topology.Node(to).Address}:{Port}")],
                TimeSpan.FromMinutes(5),
                cancellationToken).ConfigureAwait(false);
            await listener.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            clock.Stop();
            if (!send.Succeeded)
            {
                throw new LabException($"goodput probe failed: {send.StandardError.Trim()}");
            }

            return megabytes * 1048576.0 * 8 / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            if (!listener.HasExited)
            {
                listener.Kill(entireProcessTree: true);
            }
        }
    }
}
