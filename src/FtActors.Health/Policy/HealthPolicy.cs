using System.Collections.Immutable;
using System.Globalization;

namespace FtActors.Health.Policy;

/// <summary>
/// Turns readings into check states and failure predictions. Level readings go through thresholds with hysteresis
/// and a least-squares trend toward their critical limit; event counts are summed over a sliding window; status
/// readings keep the source's verdict. Unknown readings set the check Unknown and never act. A check acts (publishes
/// a prediction) when it is Failing or its trend reaches the critical limit within the horizon, at most once per
/// cool-down, and never in maintenance mode. Not thread-safe: one owner (the monitor actor) calls it.
/// </summary>
public sealed class HealthPolicy
{
    private readonly Dictionary<string, CheckMemory> _checks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string _node;

    /// <summary>Creates a policy for node <paramref name="node"/>; all time comes from <paramref name="time"/>.</summary>
    public HealthPolicy(string node, PolicyOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _node = node;
        Options = options;
        _time = time;
    }

    /// <summary>Current options; <see cref="SetMaintenance"/> changes the maintenance flag.</summary>
    public PolicyOptions Options { get; private set; }

    /// <summary>Turns maintenance mode on or off. In maintenance nothing acts; states are still tracked.</summary>
    public void SetMaintenance(bool on) => Options = Options with { Maintenance = on };

    /// <summary>Evaluates one poll's readings at the current time.</summary>
    public PolicyResult Evaluate(IEnumerable<HealthReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var now = _time.GetUtcNow();
        var changes = ImmutableArray.CreateBuilder<StateChange>();
        var predictions = ImmutableArray.CreateBuilder<FailurePrediction>();
        foreach (var r in readings)
        {
            if (!_checks.TryGetValue(r.Check, out var mem))
            {
                mem = new CheckMemory(r.Source, Options.CountWindow);
                _checks[r.Check] = mem;
            }

            var (state, reason, value, ttf, confidence) = Judge(r, mem, now);
            if (state != mem.State || !mem.Seen)
            {
                if (mem.Seen || state != HealthState.Ok)
                {
                    changes.Add(new StateChange(r.Check, r.Source, mem.Seen ? mem.State : HealthState.Unknown, state, reason, now));
                }

                mem.State = state;
                mem.Seen = true;
            }

            var unit = r.Unit.Length > 0 ? r.Unit : mem.Status?.Unit ?? string.Empty;
            mem.Status = new CheckStatus(r.Check, r.Source, state, reason, value, ttf, confidence, unit);
            if (state == HealthState.Unknown || Options.Maintenance)
            {
                continue;
            }

            FailurePrediction? p = null;
            if (state == HealthState.Failing)
            {
                p = new FailurePrediction(_node, now, r.Kind == ReadingKind.Level ? 0.9 : 0.8, $"{r.Check} failing: {reason}", "policy:" + r.Check);
            }
            else if (ttf is TimeSpan t && t <= Options.PredictionHorizon && confidence >= Options.MinConfidence)
            {
                p = new FailurePrediction(_node, now + t, Math.Round(confidence.Value, 3),
                    $"{r.Check} trending to {r.CritLimit?.ToString("0.###", CultureInfo.InvariantCulture)} {r.Unit} in {t.TotalSeconds:0.#} s: {reason}", "policy:" + r.Check);
            }

            if (p is not null && (mem.LastActed is null || now - mem.LastActed.Value >= Options.CoolDown))
            {
                mem.LastActed = now;
                predictions.Add(p);
            }
        }

        return new PolicyResult([.. _checks.Values.Select(m => m.Status).OfType<CheckStatus>()], changes.ToImmutable(), predictions.ToImmutable());
    }

    private (HealthState State, string Reason, double? Value, TimeSpan? Ttf, double? Confidence) Judge(HealthReading r, CheckMemory mem, DateTimeOffset now)
    {
        if (r.State == HealthState.Unknown)
        {
            return (HealthState.Unknown, r.Reason, null, null, null);
        }

        switch (r.Kind)
        {
            case ReadingKind.EventCount when r.Value is double count:
            {
                mem.Counter.Add(now, (long)Math.Max(0, count));
                long sum = mem.Counter.Sum(now);
                var state = r.CritLimit is double c && sum >= c ? HealthState.Failing
                    : r.WarnLimit is double w && sum > w ? HealthState.Warning
                    : HealthState.Ok;
                return (state, $"{sum} event(s) in the last {Options.CountWindow.TotalMinutes:0.#} min ({r.Reason})", sum, null, null);
            }

            case ReadingKind.Level when r.Value is double v && (r.WarnLimit is not null || r.CritLimit is not null):
            {
                var state = Hysteresis.Next(mem.Seen ? mem.State : HealthState.Unknown, v, r.WarnLimit, r.CritLimit, Options.HysteresisFraction, r.LowerIsWorse);
                TimeSpan? ttf = null;
                double? confidence = null;
                if (r.CritLimit is double crit)
                {
                    var t = (now - DateTimeOffset.UnixEpoch).TotalSeconds;
                    mem.Samples.Enqueue((t, v));
                    while (mem.Samples.Count > 0 && mem.Samples.Peek().Seconds < t - Options.TrendWindow.TotalSeconds)
                    {
                        mem.Samples.Dequeue();
                    }

                    if (mem.Samples.Count >= Options.TrendMinSamples &&
                        TrendEstimate.Fit([.. mem.Samples], crit, r.LowerIsWorse) is { TimeToLimit: TimeSpan ttl } fit)
                    {
                        ttf = ttl;
                        confidence = fit.Confidence;
                    }
                }

                return (state, r.Reason, v, ttf, confidence);
            }

            default:
                return (r.State, r.Reason, r.Value, null, null);
        }
    }

    private sealed class CheckMemory(string source, TimeSpan window)
    {
        public string Source { get; } = source;

        public HealthState State { get; set; } = HealthState.Unknown;

        public bool Seen { get; set; }

        public CheckStatus? Status { get; set; }

        public DateTimeOffset? LastActed { get; set; }

        public SlidingWindowCounter Counter { get; } = new(window);

        public Queue<(double Seconds, double Value)> Samples { get; } = new();
    }
}
