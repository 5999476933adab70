using FsCheck;
using FsCheck.Fluent;
using FtActors.Health.Policy;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Health.Tests;

public class HealthPolicyTests
{
    private static HealthReading Temp(double v, double warn = 85, double crit = 95) =>
        new("hwmon", "hwmon/cpu", v, "C", warn, crit, HealthState.Ok, "t", ReadingKind.Level);

    private static HealthReading Events(double n) =>
        new("edac", "edac/mc0/corrected", n, "events", 10, null, HealthState.Ok, "e", ReadingKind.EventCount);

    [Fact]
    public void Evaluate_RisingTemperature_PredictsFailureTimeFromTrend()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 4, 0, 0, TimeSpan.Zero));
        var policy = new HealthPolicy("cn17", new PolicyOptions { TrendMinSamples = 6 }, clock);
        PolicyResult last = policy.Evaluate([Temp(60)]);
        for (int i = 1; i <= 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            last = policy.Evaluate([Temp(60 + (2 * i))]);
        }

        var p = Assert.Single(last.Predictions);
        // 70 C at 2 C/s reaches 95 C in 12.5 s.
        Assert.InRange((p.ExpectedFailureUtc - clock.GetUtcNow()).TotalSeconds, 12.499, 12.501);
        Assert.Equal(("cn17", 1.0, "policy:hwmon/cpu"), (p.Node, p.Confidence, p.Source));
        Assert.InRange(Assert.Single(last.Checks).TimeToFailure!.Value.TotalSeconds, 12.499, 12.501);
    }

    [Fact]
    public void Evaluate_Thresholds_StateChangesReported()
    {
        var policy = new HealthPolicy("n", new PolicyOptions(), new ManualTimeProvider());

        Assert.Empty(policy.Evaluate([Temp(50)]).Changes);
        var toWarn = Assert.Single(policy.Evaluate([Temp(86)]).Changes);
        var toFail = Assert.Single(policy.Evaluate([Temp(96)]).Changes);

        Assert.Equal((HealthState.Ok, HealthState.Warning), (toWarn.From, toWarn.To));
        Assert.Equal((HealthState.Warning, HealthState.Failing), (toFail.From, toFail.To));
    }

    [Fact]
    public void Evaluate_ReadingWithUnit_StatusCarriesItAndAnUnknownReadingKeepsIt()
    {
        var policy = new HealthPolicy("n", new PolicyOptions(), new ManualTimeProvider());

        Assert.Equal("C", Assert.Single(policy.Evaluate([Temp(50)]).Checks).Unit);
        var unknown = Assert.Single(policy.Evaluate([HealthReading.Unknown("hwmon", "hwmon/cpu", "sensor gone")]).Checks);

        Assert.Equal(HealthState.Unknown, unknown.State);
        Assert.Equal("C", unknown.Unit);
        Assert.Equal(string.Empty, Assert.Single(new HealthPolicy("n", new PolicyOptions(), new ManualTimeProvider())
            .Evaluate([HealthReading.Status("ipmi", "ipmi/psu", HealthState.Ok, "present")]).Checks).Unit);
    }

    [Fact]
    public void Evaluate_Maintenance_StatesButNoPredictions()
    {
        var policy = new HealthPolicy("n", new PolicyOptions { Maintenance = true }, new ManualTimeProvider());

        var r = policy.Evaluate([Temp(99)]);

        Assert.Equal(HealthState.Failing, Assert.Single(r.Checks).State);
        Assert.Empty(r.Predictions);
        policy.SetMaintenance(false);
        Assert.Single(policy.Evaluate([Temp(99)]).Predictions);
    }

    [Fact]
    public void Evaluate_CorrectedErrors_WarningOnlyWhileWindowHoldsMoreThanLimit()
    {
        var clock = new ManualTimeProvider();
        var policy = new HealthPolicy("n", new PolicyOptions(), clock);

        Assert.Equal(HealthState.Ok, Assert.Single(policy.Evaluate([Events(10)]).Checks).State);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(HealthState.Warning, Assert.Single(policy.Evaluate([Events(1)]).Checks).State);
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HealthState.Ok, Assert.Single(policy.Evaluate([Events(0)]).Checks).State);
    }

    [Fact]
    public void Hysteresis_ValuesInsideBand_NeverFlipState()
    {
        // Band below W=85 is 85 * 0.03 = 2.55; below C=95 it is 2.85.
        var gen = from start in Gen.Elements(HealthState.Ok, HealthState.Warning, HealthState.Failing)
                  from values in Gen.ArrayOf(Gen.Choose(0, 1000).Select(i => start == HealthState.Failing ? 92.16 + (i * 0.0028) : 82.46 + (i * 0.0025)))
                  select (start, values);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            // Enter the start state from outside, then feed values inside that state's band.
            var state = t.start switch
            {
                HealthState.Failing => HealthState.Failing,
                HealthState.Warning => HealthState.Warning,
                _ => HealthState.Ok,
            };
            if (state == HealthState.Ok)
            {
                // From Ok, values below W never warn.
                return t.values.All(v => v >= 85 || Hysteresis.Next(HealthState.Ok, v, 85, 95, 0.03, false) == HealthState.Ok);
            }

            foreach (var v in t.values)
            {
                state = Hysteresis.Next(state, v, 85, 95, 0.03, false);
            }

            return state == t.start;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Hysteresis_LowerIsWorse_MirrorsHigherIsWorse()
    {
        var gen = from cur in Gen.Elements(HealthState.Ok, HealthState.Warning, HealthState.Failing, HealthState.Unknown)
                  from v in Gen.Choose(0, 5000)
                  select (cur, v);
        Prop.ForAll(gen.ToArbitrary(), t =>
            Hysteresis.Next(t.cur, t.v, 700, 300, 0.03, lowerIsWorse: true) == Hysteresis.Next(t.cur, -t.v, -700, -300, 0.03, lowerIsWorse: false))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SlidingWindowCounter_RandomEvents_MatchesNaiveSum()
    {
        var gen = Gen.ArrayOf(from dt in Gen.Choose(0, 900) from n in Gen.Choose(0, 20) select (dt, n));
        Prop.ForAll(gen.ToArbitrary(), steps =>
        {
            var window = TimeSpan.FromSeconds(3600);
            var counter = new SlidingWindowCounter(window);
            var t0 = DateTimeOffset.UnixEpoch;
            var now = t0;
            var all = new List<(DateTimeOffset At, int N)>();
            foreach (var (dt, n) in steps)
            {
                now = now.AddSeconds(dt);
                counter.Add(now, n);
                all.Add((now, n));
                long naive = all.Where(e => e.At > now - window).Sum(e => (long)e.N);
                if (counter.Sum(now) != naive)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Evaluate_FlappingInput_ActsAtMostOncePerCoolDown()
    {
        var gen = Gen.ArrayOf(from dt in Gen.Choose(1, 120) from v in Gen.Elements(50.0, 84.0, 86.0, 94.0, 96.0, 120.0) select (dt, v));
        Prop.ForAll(gen.ToArbitrary(), steps =>
        {
            var clock = new ManualTimeProvider();
            var coolDown = TimeSpan.FromMinutes(5);
            var policy = new HealthPolicy("n", new PolicyOptions { CoolDown = coolDown }, clock);
            var acted = new List<DateTimeOffset>();
            foreach (var (dt, v) in steps)
            {
                clock.Advance(TimeSpan.FromSeconds(dt));
                acted.AddRange(policy.Evaluate([Temp(v)]).Predictions.Select(_ => clock.GetUtcNow()));
            }

            return acted.Zip(acted.Skip(1)).All(p => p.Second - p.First >= coolDown);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Evaluate_UnknownReadings_NeverAct()
    {
        var gen = Gen.ArrayOf(from dt in Gen.Choose(1, 30) from v in Gen.Choose(-50, 500) select (dt, v));
        Prop.ForAll(gen.ToArbitrary(), steps =>
        {
            var clock = new ManualTimeProvider();
            var policy = new HealthPolicy("n", new PolicyOptions { CoolDown = TimeSpan.Zero }, clock);
            foreach (var (dt, v) in steps)
            {
                clock.Advance(TimeSpan.FromSeconds(dt));
                var unknown = Temp(v) with { State = HealthState.Unknown };
                var r = policy.Evaluate([unknown, HealthReading.Unknown("smart", "smart/sda", "no data")]);
                if (r.Predictions.Length != 0 || r.Checks.Any(c => c.State != HealthState.Unknown))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TrendEstimate_ExactLine_RecoversTimeToLimit()
    {
        var gen = from slope in Gen.Choose(1, 100).Select(s => s / 10.0)
                  from start in Gen.Choose(0, 50)
                  from n in Gen.Choose(2, 30)
                  select (slope, start, n);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var samples = Enumerable.Range(0, t.n).Select(i => ((double)i, t.start + (t.slope * i))).ToList();
            var fit = TrendEstimate.Fit(samples, 1000, lowerIsWorse: false)!;
            double expected = (1000 - (t.start + (t.slope * (t.n - 1)))) / t.slope;
            return Math.Abs(fit.TimeToLimit!.Value.TotalSeconds - expected) < 1e-3 && fit.Confidence > 0.999;
        }).QuickCheckThrowOnFailure();
    }
}
