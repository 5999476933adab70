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
    public static Task<FtwLine> LineAsync(
        string workload, int mb, int vectorKb, ulong iteration, CancellationToken cancellationToken = default) =>
        LineAsync(workload, mb, vectorKb, 0, 0, iteration, cancellationToken);

    /// <summary>
    /// The line iteration <paramref name="iteration"/> must show for a readmostly guest that rewrites
    /// <paramref name="rewriteMb"/> MiB of its matrix every <paramref name="rewriteEvery"/> iterations (0: never,
    /// the plain workload).
    /// </summary>
    /// <exception cref="LabException">The host ftw is missing or failed.</exception>
    public static async Task<FtwLine> LineAsync(
        string workload, int mb, int vectorKb, long rewriteEvery, int rewriteMb, ulong iteration, CancellationToken cancellationToken = default)
    {
        var ftw = LabPaths.FtwHost;
        if (!File.Exists(ftw))
        {
            throw new LabException($"host ftw: expected {ftw}, found none; build it with `ftactors lab guest build`");
        }

        List<string> args =
            ["expect", workload, "--mb", mb.ToString(CultureInfo.InvariantCulture), "--vector-kb", vectorKb.ToString(CultureInfo.InvariantCulture)];
        if (rewriteEvery > 0)
        {
            args.AddRange(["--rewrite-every", rewriteEvery.ToString(CultureInfo.InvariantCulture), "--rewrite-mb", rewriteMb.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["--iteration", iteration.ToString(CultureInfo.InvariantCulture)]);
        var r = await ProcessRunner.RunCheckedAsync(
            ftw,
            args,
            TimeSpan.FromMinutes(5),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return FtwLineParser.Parse(r.StandardOutput.Trim());
    }

    /// <summary>Same, with the workload settings (matrix rewrite included) taken from <paramref name="spec"/>.</summary>
    public static Task<FtwLine> LineAsync(GuestSpec spec, ulong iteration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return LineAsync(spec.Workload, spec.Mb, spec.VectorKb, spec.RewriteEvery, spec.RewriteMb, iteration, cancellationToken);
    }
}
