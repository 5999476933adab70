using System.Globalization;

namespace FtActors.Lab.Guests;

/// <summary>
/// Asks the host build of ftw what a guest must print for a given iteration. ftw's arithmetic is
/// unsigned 64-bit only, so host and guest compute bit-identical sums: a guest whose memory was moved
/// wrongly prints a different line from the first iteration after the damage.
/// </summary>
public static class FtwExpect
{
    /// <summary>The line iteration <paramref name="iteration"/> of this workload must show (without ms=).</summary>
    /// <exception cref="LabException">The host ftw is missing or failed.</exception>
    public static async Task<FtwLine> LineAsync(
        string workload, int mb, int vectorKb, ulong iteration, CancellationToken cancellationToken = default)
    {
        var ftw = LabPaths.FtwHost;
        if (!File.Exists(ftw))
        {
            throw new LabException($"host ftw: expected {ftw}, found none; build it with `ftactors lab guest build`");
        }

        var r = await ProcessRunner.RunCheckedAsync(
            ftw,
            ["expect", workload, "--mb", mb.ToString(CultureInfo.InvariantCulture), "--vector-kb", vectorKb.ToString(CultureInfo.InvariantCulture),
             "--iteration", iteration.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(5),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return FtwLineParser.Parse(r.StandardOutput.Trim());
    }

    /// <summary>Same, with the workload settings taken from <paramref name="spec"/>.</summary>
    public static Task<FtwLine> LineAsync(GuestSpec spec, ulong iteration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return LineAsync(spec.Workload, spec.Mb, spec.VectorKb, iteration, cancellationToken);
    }
}
