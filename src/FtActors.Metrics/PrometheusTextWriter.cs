using System.Globalization;
using System.Text;

namespace FtActors.Metrics;

/// <summary>
/// Renders a registry in the Prometheus text exposition format 0.0.4: per family a <c># HELP</c> line (backslash and
/// newline escaped), a <c># TYPE</c> line, then one line per sample, <c>name{label="value",...} number</c>, with
/// label values escaping backslash, double quote and newline. Histograms write cumulative <c>_bucket</c> samples
/// with an <c>le</c> label ending in <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>. Families without series
/// still get their HELP and TYPE lines, so a scraper sees what exists. Lines end with <c>\n</c>.
/// </summary>
public static class PrometheusTextWriter
{
    /// <summary>The Content-Type of this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders <paramref name="registry"/> to a string.</summary>
    public static string Write(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var sb = new StringBuilder();
        foreach (var family in registry.Families)
        {
            sb.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            sb.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type.ToString().ToLowerInvariant()).Append('\n');
            foreach (var (labels, series) in family.Series())
            {
                switch (series)
                {
                    case CounterSeries c:
                        Sample(sb, family.Name, family, labels, null, c.Value);
                        break;
                    case GaugeSeries g:
                        Sample(sb, family.Name, family, labels, null, g.Value);
                        break;
                    case HistogramSeries h:
                        var (buckets, sum, count) = h.Snapshot();
                        foreach (var (bound, cumulative) in buckets)
                        {
                            Sample(sb, family.Name + "_bucket", family, labels, FormatNumber(bound), cumulative);
                        }

                        Sample(sb, family.Name + "_bucket", family, labels, "+Inf", count);
                        Sample(sb, family.Name + "_sum", family, labels, null, sum);
                        Sample(sb, family.Name + "_count", family, labels, null, count);
                        break;
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>Formats a sample value: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c> or a round-trippable decimal.</summary>
    public static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Escapes a label value: <c>\</c> to <c>\\</c>, <c>"</c> to <c>\"</c>, newline to <c>\n</c>.</summary>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void Sample(StringBuilder sb, string name, MetricFamily family, IReadOnlyList<string> labels, string? le, double value)
    {
        sb.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            sb.Append('{');
            for (int i = 0; i < labels.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(family.LabelNames[i]).Append("=\"").Append(EscapeLabelValue(labels[i])).Append('"');
            }

            if (le is not null)
            {
                if (labels.Count > 0)
                {
                    sb.Append(',');
                }

                sb.Append("le=\"").Append(le).Append('"');
            }

            sb.Append('}');
        }

        sb.Append(' ').Append(FormatNumber(value)).Append('\n');
    }
}
