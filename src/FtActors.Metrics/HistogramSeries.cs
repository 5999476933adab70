using System.Collections.Immutable;

namespace FtActors.Metrics;

/// <summary>A histogram series: counts per upper bound (non-cumulative inside, cumulative when written), sum, count.</summary>
public sealed class HistogramSeries : MetricSeries
{
    private readonly ImmutableArray<double> _bounds;
    private readonly long[] _counts;
    private double _sum;
    private long _count;

    internal HistogramSeries(ImmutableArray<double> bounds)
    {
        _bounds = bounds;
        _counts = new long[bounds.Length];
    }

    /// <summary>Records one observation; NaN is ignored (it belongs in no bucket).</summary>
    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        lock (Gate)
        {
            int i = 0;
            while (i < _bounds.Length && value > _bounds[i])
            {
                i++;
            }

            if (i < _bounds.Length)
            {
                _counts[i]++;
            }

            _sum += value;
            _count++;
        }
    }

    /// <summary>Cumulative bucket counts (per bound, in order), sum and count, read together.</summary>
    public (ImmutableArray<(double UpperBound, long Cumulative)> Buckets, double Sum, long Count) Snapshot()
    {
        lock (Gate)
        {
            var b = ImmutableArray.CreateBuilder<(double, long)>(_bounds.Length);
            long running = 0;
            for (int i = 0; i < _bounds.Length; i++)
            {
                running += _counts[i];
                b.Add((_bounds[i], running));
            }

            return (b.MoveToImmutable(), _sum, _count);
        }
    }
}
