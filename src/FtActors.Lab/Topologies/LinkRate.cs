using System.Globalization;

namespace FtActors.Lab.Topologies;

/// <summary>
/// A link's shaped rate, written as tc writes it (<c>100mbit</c>, <c>1gbit</c>, <c>10gbit</c>) or
/// <c>unlimited</c> (no qdisc: the veth runs as fast as the CPU copies).
/// </summary>
public sealed record LinkRate
{
    private LinkRate(string text, long? bitsPerSecond)
    {
        Text = text;
        BitsPerSecond = bitsPerSecond;
    }

    /// <summary>No shaping.</summary>
    public static LinkRate Unlimited { get; } = new("unlimited", null);

    /// <summary>The rate as given, normalised to lower case.</summary>
    public string Text { get; }

    /// <summary>Bits per second, or null when unlimited.</summary>
    public long? BitsPerSecond { get; }

    /// <summary>
    /// Token-bucket size for tbf: one millisecond of traffic, at least 64 KiB. tbf needs a bucket of at
    /// least one packet (64 KiB with GSO on veth); a bigger bucket lets bursts exceed the rate. Measured
    /// here: 1gbit with 125 KB reaches 0.94 Gbit/s; 10gbit with 1.25 MB does not limit (the veth pair
    /// itself tops out near 4 Gbit/s on this 2-core machine, see docs/lab.md).
    /// </summary>
    public long BurstBytes => BitsPerSecond is { } b ? Math.Max(64 * 1024, b / 8 / 1000) : 0;

    /// <summary>Parses <c>unlimited</c>, or a whole number followed by kbit, mbit or gbit.</summary>
    /// <exception cref="LabException">Anything else; the message says what is accepted.</exception>
    public static LinkRate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t is "unlimited" or "none")
        {
            return Unlimited;
        }

        (string Suffix, long Factor)[] units = [("kbit", 1_000L), ("mbit", 1_000_000L), ("gbit", 1_000_000_000L)];
        foreach (var (suffix, factor) in units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal)
                && long.TryParse(t.AsSpan(0, t.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && n > 0 && n <= 400_000_000_000L / factor)
            {
                return new LinkRate(t, n * factor);
            }
        }

        throw new LabException(
            $"link rate: expected 'unlimited' or a whole number with kbit, mbit or gbit (e.g. 1gbit, 10gbit), found '{text}'");
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
