using System.Collections.Immutable;
using FtActors.Config;
using FtActors.Health.Policy;
using FtActors.Health.Sources;

namespace FtActors.Health;

/// <summary>
/// The health monitor's settings and sources, read from the <c>ftactors.health</c> section of a HOCON config.
/// Every source is optional (<c>enabled = false</c> by default except hwmon and edac, which only read sysfs).
/// </summary>
/// <param name="Node">Node name used in predictions.</param>
/// <param name="PollInterval">How often sources are polled.</param>
/// <param name="Policy">Policy settings.</param>
/// <param name="Sources">The enabled sources.</param>
public sealed record HealthSetup(string Node, TimeSpan PollInterval, PolicyOptions Policy, ImmutableArray<IHealthSource> Sources)
{
    /// <summary>Builds the setup from <paramref name="config"/> (the whole file; the section is found by path).</summary>
    public static HealthSetup Load(HoconConfig config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        var h = config.HasPath("ftactors.health") ? config.GetConfig("ftactors.health") : HoconConfig.Empty;
        var policy = new PolicyOptions
        {
            HysteresisFraction = h.HasPath("policy.hysteresis-fraction") ? h.GetDouble("policy.hysteresis-fraction") : 0.03,
            CountWindow = h.GetDuration("policy.count-window", TimeSpan.FromHours(1)),
            TrendWindow = h.GetDuration("policy.trend-window", TimeSpan.FromSeconds(60)),
            TrendMinSamples = h.GetInt("policy.trend-min-samples", 5),
            PredictionHorizon = h.GetDuration("policy.prediction-horizon", TimeSpan.FromMinutes(5)),
            MinConfidence = h.HasPath("policy.min-confidence") ? h.GetDouble("policy.min-confidence") : 0.5,
            CoolDown = h.GetDuration("policy.cool-down", TimeSpan.FromMinutes(5)),
            Maintenance = h.GetBool("policy.maintenance", false),
        };
        policy.Validate();
        var sources = new SourceList(time);
        var s = h.HasPath("sources") ? h.GetConfig("sources") : HoconConfig.Empty;
        int ceWarn = s.GetInt("corrected-warn", 10), ueFail = s.GetInt("uncorrected-fail", 1);
        if (s.GetBool("hwmon.enabled", true))
        {
            sources.Section = "hwmon";
            sources.Add(new HwmonSource(s.GetString("hwmon.root", "/sys/class/hwmon"), s.GetDuration("hwmon.timeout", TimeSpan.FromSeconds(2))));
        }

        if (s.GetBool("edac.enabled", true))
        {
            sources.Section = "edac";
            sources.Add(new EdacSource(s.GetString("edac.root", "/sys/devices/system/edac/mc"), s.GetDuration("edac.timeout", TimeSpan.FromSeconds(2)), ceWarn, ueFail));
        }

        if (s.GetBool("rasdaemon.enabled", false))
        {
            sources.Section = "rasdaemon";
            sources.Add(new RasdaemonSource(s.GetString("rasdaemon.database", "/var/lib/rasdaemon/ras-mc_event.db"), s.GetDuration("rasdaemon.timeout", TimeSpan.FromSeconds(5)), ceWarn, ueFail));
        }

        if (s.GetBool("ipmi.enabled", false))
        {
            var format = s.GetString("ipmi.format", "ipmitool-sensor") switch
            {
                "ipmitool-sdr" => IpmiFormat.IpmitoolSdr,
                "ipmi-sensors" => IpmiFormat.IpmiSensors,
                "ipmitool-sensor" => IpmiFormat.IpmitoolSensor,
                var other => throw new HealthFormatException($"ftactors.health.sources.ipmi.format: expected ipmitool-sensor, ipmitool-sdr or ipmi-sensors, found '{other}'"),
            };
            sources.Section = "ipmi";
            sources.Add(new IpmiSource(Command(s, "ipmi.command", ["ipmitool", "sensor"]), format, s.GetDuration("ipmi.timeout", TimeSpan.FromSeconds(10))));
        }

        if (s.GetBool("ipmi-sel.enabled", false))
        {
            sources.Section = "ipmi-sel";
            sources.Add(new IpmiSelSource(Command(s, "ipmi-sel.command", ["ipmitool", "sel", "elist"]), s.GetDuration("ipmi-sel.timeout", TimeSpan.FromSeconds(10)), ceWarn, ueFail));
        }

        if (s.GetBool("smart.enabled", false))
        {
            var devices = s.HasPath("smart.devices") ? [.. s.GetStringList("smart.devices")] : ImmutableArray<string>.Empty;
            sources.Section = "smart";
            sources.Add(new SmartSource(Command(s, "smart.command", ["smartctl", "-j", "-H", "-A", "-i"]), devices, s.GetDuration("smart.timeout", TimeSpan.FromSeconds(10))));
        }

        if (s.HasPath("commands"))
        {
            foreach (var (name, _) in s.GetConfig("commands").Root)
            {
                var c = s.GetConfig("commands").GetConfig(name);
                if (c.GetBool("enabled", true))
                {
                    sources.Section = "commands." + name;
                    sources.Add(new CommandSource(name, Command(c, "command", []), c.GetDuration("timeout", TimeSpan.FromSeconds(30))));
                }
            }
        }

        if (s.GetBool("fault-injection.enabled", false))
        {
            sources.Section = "fault-injection";
            sources.Add(new FaultInjectionSource(s.GetString("fault-injection.file"), time, s.GetDuration("fault-injection.timeout", TimeSpan.FromSeconds(1))));
        }

        var node = h.GetString("node-name", string.Empty);
        return new HealthSetup(node.Length > 0 ? node : Environment.MachineName, h.GetDuration("poll-interval", TimeSpan.FromSeconds(1)), policy, sources.Build(s));
    }

    /// <summary>Collects sources with the config section each came from, to apply its optional <c>interval</c>.</summary>
    private sealed class SourceList(TimeProvider time)
    {
        private readonly List<(string Section, IHealthSource Source)> _items = [];

        public string Section { get; set; } = string.Empty;

        public void Add(IHealthSource source) => _items.Add((Section, source));

        public ImmutableArray<IHealthSource> Build(HoconConfig sources) =>
        [
            .. _items.Select(i => sources.HasPath(i.Section + ".interval")
                ? new CachedSource(i.Source, sources.GetDuration(i.Section + ".interval"), time)
                : i.Source),
        ];
    }

    private static ImmutableArray<string> Command(HoconConfig c, string path, ImmutableArray<string> fallback) =>
        c.HasPath(path) ? [.. c.GetStringList(path)] : fallback;
}
