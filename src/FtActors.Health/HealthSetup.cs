using System.Collections.Immutable;
using Config = Akka.Configuration.Config;
using FtActors.Configuration;
using FtActors.Health.Policy;
using FtActors.Health.Sources;

namespace FtActors.Health;

/// <summary>
/// The health monitor's settings and sources, read from the <c>ftactors.health</c> section of a HOCON config
/// (Akka's <see cref="Config"/>; a wrong value's error names its full path).
/// Every source is optional (<c>enabled = false</c> by default except hwmon and edac, which only read sysfs).
/// </summary>
/// <param name="Node">Node name used in predictions.</param>
/// <param name="PollInterval">How often sources are polled.</param>
/// <param name="Policy">Policy settings.</param>
/// <param name="Sources">The enabled sources.</param>
public sealed record HealthSetup(string Node, TimeSpan PollInterval, PolicyOptions Policy, ImmutableArray<IHealthSource> Sources)
{
    /// <summary>Builds the setup from <paramref name="config"/> (the whole file; the section is found by path).</summary>
    public static HealthSetup Load(Config config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string H = "ftactors.health.", P = H + "policy.", S = H + "sources.";
        var policy = new PolicyOptions
        {
            HysteresisFraction = config.ReadDouble(P + "hysteresis-fraction", 0.03),
            CountWindow = config.ReadDuration(P + "count-window", TimeSpan.FromHours(1)),
            TrendWindow = config.ReadDuration(P + "trend-window", TimeSpan.FromSeconds(60)),
            TrendMinSamples = config.ReadInt(P + "trend-min-samples", 5),
            PredictionHorizon = config.ReadDuration(P + "prediction-horizon", TimeSpan.FromMinutes(5)),
            MinConfidence = config.ReadDouble(P + "min-confidence", 0.5),
            CoolDown = config.ReadDuration(P + "cool-down", TimeSpan.FromMinutes(5)),
            Maintenance = config.ReadBool(P + "maintenance", false),
        };
        policy.Validate();
        var sources = new SourceList(config, time);
        int ceWarn = config.ReadInt(S + "corrected-warn", 10), ueFail = config.ReadInt(S + "uncorrected-fail", 1);
        if (config.ReadBool(S + "hwmon.enabled", true))
        {
            sources.Section = S + "hwmon";
            sources.Add(new HwmonSource(config.ReadString(S + "hwmon.root", "/sys/class/hwmon"), config.ReadDuration(S + "hwmon.timeout", TimeSpan.FromSeconds(2))));
        }

        if (config.ReadBool(S + "edac.enabled", true))
        {
            sources.Section = S + "edac";
            sources.Add(new EdacSource(config.ReadString(S + "edac.root", "/sys/devices/system/edac/mc"), config.ReadDuration(S + "edac.timeout", TimeSpan.FromSeconds(2)), ceWarn, ueFail));
        }

        if (config.ReadBool(S + "rasdaemon.enabled", false))
        {
            sources.Section = S + "rasdaemon";
            sources.Add(new RasdaemonSource(config.ReadString(S + "rasdaemon.database", "/var/lib/rasdaemon/ras-mc_event.db"), config.ReadDuration(S + "rasdaemon.timeout", TimeSpan.FromSeconds(5)), ceWarn, ueFail));
        }

        if (config.ReadBool(S + "ipmi.enabled", false))
        {
            var format = config.ReadString(S + "ipmi.format", "ipmitool-sensor") switch
            {
                "ipmitool-sdr" => IpmiFormat.IpmitoolSdr,
                "ipmi-sensors" => IpmiFormat.IpmiSensors,
                "ipmitool-sensor" => IpmiFormat.IpmitoolSensor,
                var other => throw new HealthFormatException($"ftactors.health.sources.ipmi.format: expected ipmitool-sensor, ipmitool-sdr or ipmi-sensors, found '{other}'"),
            };
            sources.Section = S + "ipmi";
            sources.Add(new IpmiSource(Command(config, S + "ipmi.command", ["ipmitool", "sensor"]), format, config.ReadDuration(S + "ipmi.timeout", TimeSpan.FromSeconds(10))));
        }

        if (config.ReadBool(S + "ipmi-sel.enabled", false))
        {
            sources.Section = S + "ipmi-sel";
            sources.Add(new IpmiSelSource(Command(config, S + "ipmi-sel.command", ["ipmitool", "sel", "elist"]), config.ReadDuration(S + "ipmi-sel.timeout", TimeSpan.FromSeconds(10)), ceWarn, ueFail));
        }

        if (config.ReadBool(S + "smart.enabled", false))
        {
            sources.Section = S + "smart";
            sources.Add(new SmartSource(Command(config, S + "smart.command", ["smartctl", "-j", "-H", "-A", "-i"]), Command(config, S + "smart.devices", []), config.ReadDuration(S + "smart.timeout", TimeSpan.FromSeconds(10))));
        }

        foreach (var name in config.ReadKeys(S + "commands"))
        {
            // Quoted, so a command source named "a.b" stays one path segment.
            var c = S + "commands.\"" + name + "\".";
            if (config.ReadBool(c + "enabled", true))
            {
                sources.Section = c.TrimEnd('.');
                sources.Add(new CommandSource(name, Command(config, c + "command", []), config.ReadDuration(c + "timeout", TimeSpan.FromSeconds(30))));
            }
        }

        if (config.ReadBool(S + "fault-injection.enabled", false))
        {
            sources.Section = S + "fault-injection";
            sources.Add(new FaultInjectionSource(config.ReadString(S + "fault-injection.file", string.Empty), time, config.ReadDuration(S + "fault-injection.timeout", TimeSpan.FromSeconds(1))));
        }

        var node = config.ReadString(H + "node-name", string.Empty);
        return new HealthSetup(node.Length > 0 ? node : Environment.MachineName, config.ReadDuration(H + "poll-interval", TimeSpan.FromSeconds(1)), policy, sources.Build());
    }

    /// <summary>Collects sources with the config section each came from, to apply its optional <c>interval</c>.</summary>
    private sealed class SourceList(Config config, TimeProvider time)
    {
        private readonly List<(string Section, IHealthSource Source)> _items = [];

        public string Section { get; set; } = string.Empty;

        public void Add(IHealthSource source) => _items.Add((Section, source));

        public ImmutableArray<IHealthSource> Build() =>
        [
            .. _items.Select(i => config.HasValue(i.Section + ".interval")
                ? new CachedSource(i.Source, config.ReadDuration(i.Section + ".interval", TimeSpan.Zero), time)
                : i.Source),
        ];
    }

    private static ImmutableArray<string> Command(Config config, string path, ImmutableArray<string> fallback) =>
        [.. config.ReadStringList(path, fallback)];
}
