using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FtActors.Pages;

namespace FtActors.Benchmarks.Pages;

/// <summary>
/// Bytes of guest memory handled per second, in GB/s (10^9 bytes): one 4 KiB page per operation divided
/// by the mean time per operation. The page benchmarks report per-page means, so this is their throughput.
/// </summary>
public sealed class PageThroughputColumn : IColumn
{
    public string Id => nameof(PageThroughputColumn);

    public string ColumnName => "GB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Guest memory handled per second (10^9 bytes/s): 4096 bytes per operation over the mean.";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        double? meanNanoseconds = report?.ResultStatistics?.Mean;
        if (meanNanoseconds is null or <= 0)
        {
            return "-";
        }

        double gigabytesPerSecond = PageSize.Bytes / meanNanoseconds.Value;
        return gigabytesPerSecond.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
