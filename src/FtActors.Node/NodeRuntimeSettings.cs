using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using FtActors.Configuration;
using FtActors.Upkeep;
using Microsoft.Extensions.Configuration;

namespace FtActors.Node;

/// <summary>
/// What the node process runs beside its cluster membership: its name, the evacuation link rate, the migration
/// receiver (spares), the guests it watches (<c>ftactors.guests</c>) and the admin/metrics HTTP server
/// (<c>ftactors.admin</c>, port <c>ftactors.metrics.port</c>). Read from the same layered configuration as
/// <see cref="NodeSettings"/>; every error names the key, what was expected and what was found.
/// </summary>
public sealed class NodeRuntimeSettings
{
    /// <summary>The node's name in predictions, Slurm and the admin API (<c>ftactors.node.name</c>, else <c>ftactors.health.node-name</c>, else the host name).</summary>
    public required string Name { get; init; }

    /// <summary>Usable link rate to the spares in bytes per second (<c>ftactors.node.link-rate</c>), for the evacuation planner.</summary>
    public required double LinkBytesPerSecond { get; init; }

    /// <summary>Estimated rate at which a running guest rewrites memory (<c>ftactors.node.dirty-rate</c>), until upkeep measures it.</summary>
    public required double DirtyBytesPerSecond { get; init; }

    /// <summary>Predictions whose failure time is further in the past than this are ignored (<c>ftactors.health.prediction-ttl</c>).</summary>
    public required TimeSpan PredictionTtl { get; init; }

    /// <summary>Whether this node drains itself in Slurm on a prediction (<c>ftactors.node.slurm-drain</c>).</summary>
    public required bool SlurmDrain { get; init; }

    /// <summary>scontrol path or name (<c>ftactors.node.scontrol</c>).</summary>
    public required string Scontrol { get; init; }

    /// <summary>Whether this node hosts a migration receiver (<c>ftactors.node.receiver.enabled</c>; default: when it has the spare role).</summary>
    public required bool ReceiverEnabled { get; init; }

    /// <summary>Address the receiver listens on (<c>ftactors.node.receiver.host</c>, default the remoting host).</summary>
    public required string ReceiverHost { get; init; }

    /// <summary>Receiver port (<c>ftactors.node.receiver.port</c>); the same on every node, since senders find a spare's receiver at the spare's host and this port.</summary>
    public required int ReceiverPort { get; init; }

    /// <summary>The spare's pre-deploy page store (<c>ftactors.node.receiver.store</c>), or null.</summary>
    public string? ReceiverStore { get; init; }

    /// <summary>
    /// Whether the sessions this node starts compare whole-RAM digests of both ends after the final round
    /// (<c>ftactors.node.verify-digest</c>, default off): the check runs while the source is paused and costs 1-6 s
    /// of downtime per GiB here, and the final round already copies exactly what changed.
    /// </summary>
    public bool VerifyDigest { get; init; }

    /// <summary>Whether the node runs upkeep (<c>ftactors.predeploy.enabled</c>, default on): VmActors for its guests, a fed store on spares.</summary>
    public bool UpkeepEnabled { get; init; } = true;

    /// <summary>The upkeep's settings (<c>ftactors.predeploy.*</c>).</summary>
    public UpkeepSettings Upkeep { get; init; } = new();

    /// <summary>
    /// The page store a spare's upkeep feeds and its migration receiver reads: <c>ftactors.predeploy.store-path</c>,
    /// else <c>ftactors.node.receiver.store</c>; null when neither is set (the spare then keeps no store).
    /// </summary>
    public string? SpareStore => First(Upkeep.StorePath, ReceiverStore);

    /// <summary>The port of every spare's store feed (the port of <c>ftactors.predeploy.feed-listen</c>; the same on every node).</summary>
    public int FeedPort => IPEndPoint.Parse(Upkeep.FeedListen).Port;

    /// <summary>Rounds of live pre-copy at most (<c>ftactors.node.max-rounds</c>).</summary>
    public required int MaxRounds { get; init; }

    /// <summary>Whether lab guests (FtActors.Lab's registry) count as this node's guests (<c>ftactors.guests.lab</c>).</summary>
    public required bool LabGuests { get; init; }

    /// <summary>Only lab guests in this network namespace (<c>ftactors.guests.lab-namespace</c>); null for every lab guest.</summary>
    public string? LabNamespace { get; init; }

    /// <summary>Guests listed in the configuration (<c>ftactors.guests.static</c>).</summary>
    public required ImmutableArray<ConfiguredGuest> StaticGuests { get; init; }

    /// <summary>Whether the admin/metrics HTTP server runs (<c>ftactors.admin.enabled</c> or <c>ftactors.metrics.enabled</c>).</summary>
    public required bool HttpEnabled { get; init; }

    /// <summary>Address the HTTP server binds (<c>ftactors.admin.host</c>, default 127.0.0.1).</summary>
    public required IPAddress HttpHost { get; init; }

    /// <summary>Port of the HTTP server (<c>ftactors.metrics.port</c>); 0 picks a free one.</summary>
    public required int HttpPort { get; init; }

    /// <summary>File holding the bearer token the admin API requires (<c>ftactors.admin.token-file</c>), or null for none.</summary>
    public string? TokenFile { get; init; }

    /// <summary>Reads the settings; <paramref name="roles"/> decides the receiver's default.</summary>
    /// <exception cref="ConfigurationException">A value is missing or invalid.</exception>
    public static NodeRuntimeSettings Read(IConfiguration configuration, string remotingHost, IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = First(configuration["ftactors:node:name"], configuration["ftactors:health:node-name"]) ?? Environment.MachineName;
        var isSpare = roles.Contains("spare", StringComparer.Ordinal);
        var guests = ImmutableArray.CreateBuilder<ConfiguredGuest>();
        foreach (var g in configuration.GetSection("ftactors:guests:static").GetChildren())
        {
            var where = "ftactors.guests.static[" + g.Key + "]";
            guests.Add(new ConfiguredGuest(
                Required(g["name"], where + ".name", "a guest name"),
                Required(g["qmp"], where + ".qmp", "the QEMU QMP socket path"),
                Required(g["ram-file"], where + ".ram-file", "the guest's shared RAM file"),
                g["workload"]));
        }

        var http = configuration["ftactors:admin:host"] ?? "127.0.0.1";
        if (!IPAddress.TryParse(http, out var httpHost))
        {
            throw new ConfigurationException($"ftactors.admin.host: expected an IP address (127.0.0.1, 0.0.0.0, ...), found \"{http}\"");
        }

        UpkeepSettings upkeep;
        try
        {
            upkeep = UpkeepSettings.FromConfiguration(configuration);
        }
        catch (UpkeepException e)
        {
            throw new ConfigurationException(e.Message, e);
        }

        return new NodeRuntimeSettings
        {
            VerifyDigest = Bool(configuration, "ftactors:node:verify-digest", false),
            UpkeepEnabled = Bool(configuration, "ftactors:predeploy:enabled", true),
            Upkeep = upkeep,
            Name = name,
            LinkBytesPerSecond = Rate(configuration, "ftactors:node:link-rate", 125_000_000),
            DirtyBytesPerSecond = Rate(configuration, "ftactors:node:dirty-rate", 0),
            PredictionTtl = Duration(configuration, "ftactors:health:prediction-ttl", TimeSpan.FromMinutes(5)),
            SlurmDrain = Bool(configuration, "ftactors:node:slurm-drain", true),
            Scontrol = configuration["ftactors:node:scontrol"] ?? "scontrol",
            ReceiverEnabled = Bool(configuration, "ftactors:node:receiver:enabled", isSpare),
            ReceiverHost = First(configuration["ftactors:node:receiver:host"]) ?? remotingHost,
            ReceiverPort = Port(configuration, "ftactors:node:receiver:port", 7700, allowZero: false),
            ReceiverStore = First(configuration["ftactors:node:receiver:store"]),
            MaxRounds = Int(configuration, "ftactors:node:max-rounds", 6),
            LabGuests = Bool(configuration, "ftactors:guests:lab", false),
            LabNamespace = First(configuration["ftactors:guests:lab-namespace"]),
            StaticGuests = guests.ToImmutable(),
            HttpEnabled = Bool(configuration, "ftactors:admin:enabled", true) && Bool(configuration, "ftactors:metrics:enabled", true),
            HttpHost = httpHost,
            HttpPort = Port(configuration, "ftactors:metrics:port", 9464, allowZero: true),
            TokenFile = First(configuration["ftactors:admin:token-file"]),
        };
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static string Required(string? value, string key, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ConfigurationException($"{key}: expected {what}, found nothing") : value;

    private static bool Bool(IConfiguration c, string key, bool fallback) => c[key] switch
    {
        null or "" => fallback,
        "on" or "true" or "yes" or "True" => true,
        "off" or "false" or "no" or "False" => false,
        var other => throw new ConfigurationException($"{Key(key)}: expected on/off or true/false, found \"{other}\""),
    };

    private static int Int(IConfiguration c, string key, int fallback)
    {
        var text = c[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ConfigurationException($"{Key(key)}: expected a non-negative whole number, found \"{text}\"");
    }

    private static int Port(IConfiguration c, string key, int fallback, bool allowZero)
    {
        var v = Int(c, key, fallback);
        return v > 65535 || (v == 0 && !allowZero)
            ? throw new ConfigurationException($"{Key(key)}: expected a port in {(allowZero ? 0 : 1)}..65535, found {v}")
            : v;
    }

    private static TimeSpan Duration(IConfiguration c, string key, TimeSpan fallback)
    {
        var text = c[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return HoconUnits.TryParseDuration(text, out var v)
            ? v
            : throw new ConfigurationException($"{Key(key)}: expected a duration such as 5 minutes or 90s, found \"{text}\"");
    }

    /// <summary>A rate in bytes per second: a plain number, a HOCON size ("125 MB"), or bits per second ("1gbit", "10 Gbit").</summary>
    private static double Rate(IConfiguration c, string key, double fallback)
    {
        var text = c[key]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        var lower = text.ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        foreach (var (suffix, bits) in new[] { ("gbit", 1e9), ("mbit", 1e6), ("kbit", 1e3) })
        {
            if (lower.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(lower[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
            {
                return n * bits / 8;
            }
        }

        if (HoconUnits.TryParseSize(text, out var bytes) && bytes >= 0)
        {
            return bytes;
        }

        throw new ConfigurationException($"{Key(key)}: expected a rate such as 1gbit, 100mbit or 125 MB (bytes per second), found \"{text}\"");
    }

    private static string Key(string key) => key.Replace(':', '.');
}
