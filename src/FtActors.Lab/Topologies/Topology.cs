using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FtActors.Lab.Guests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using FtActors.Qemu;

namespace FtActors.Lab.Topologies;

/// <summary>
/// Several "nodes" on this machine: network namespaces <c>ftlab-&lt;name&gt;-&lt;i&gt;</c> joined by a
/// veth pair (2 nodes) or through a bridge in <c>ftlab-&lt;name&gt;-br</c> (more), each on its own
/// 10.77.k.i/24 address, every link shaped with tbf on both ends. Interfaces are created directly
/// inside the namespaces, so deleting the namespaces removes every link: nothing is left in the host's
/// namespace even when creation fails half way. Disposing removes the topology.
/// </summary>
public sealed partial class Topology : IAsyncDisposable
{
    /// <summary>Every lab namespace starts with this; cleanup removes exactly these.</summary>
    public const string NamespacePrefix = "ftlab-";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger;
    private int _disposed;

    private Topology(TopologyState state, ILogger logger)
    {
        State = state;
        _logger = logger;
    }

    /// <summary>The topology's record.</summary>
    public TopologyState State { get; }

    /// <summary>Its name.</summary>
    public string Name => State.Name;

    /// <summary>The nodes, in index order.</summary>
    public IReadOnlyList<TopologyNode> Nodes => State.Nodes;

    /// <summary>Node <paramref name="index"/> (1-based).</summary>
    public TopologyNode Node(int index) =>
        index >= 1 && index <= Nodes.Count
            ? Nodes[index - 1]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"expected 1 to {Nodes.Count}");

    /// <summary>The namespace name of node <paramref name="index"/> of topology <paramref name="name"/>.</summary>
    public static string NamespaceOf(string name, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{NamespacePrefix}{name}-{index}");

    /// <summary>
    /// Creates the namespaces, links, addresses and shaping. Fails, leaving nothing behind, when not
    /// root, when the name is bad, or when one of its namespaces already exists.
    /// </summary>
    /// <exception cref="TopologyException">See above; the message says what to run.</exception>
    public static async Task<Topology> CreateAsync(
        string name, int nodes, LinkRate rate, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rate);
        logger ??= NullLogger.Instance;
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw new TopologyException(
                $"topology name: expected 1-8 characters, a lowercase letter then lowercase letters or digits (namespace names stay short), found '{name}'");
        }

        if (nodes is < 2 or > 32)
        {
            throw new TopologyException($"topology size: expected 2 to 32 nodes, found {nodes}");
        }

        Privileges.RequireRoot("creating a topology");
        var existing = await ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        var bridge = nodes > 2 ? string.Create(CultureInfo.InvariantCulture, $"{NamespacePrefix}{name}-br") : null;
        var wanted = Enumerable.Range(1, nodes).Select(i => NamespaceOf(name, i)).Append(bridge).OfType<string>().ToList();
        foreach (var ns in wanted)
        {
            if (existing.Contains(ns))
            {
                throw new TopologyException($"namespace {ns} already exists; remove it with `ftactors lab topology rm {name}`");
            }
        }

        var octet = await PickSubnetAsync(cancellationToken).ConfigureAwait(false);
        var subnet = string.Create(CultureInfo.InvariantCulture, $"10.77.{octet}");
        var nodeList = Enumerable.Range(1, nodes)
            .Select(i => new TopologyNode(i, NamespaceOf(name, i), string.Create(CultureInfo.InvariantCulture, $"{subnet}.{i}"), "eth0"))
            .ToList();
        var state = new TopologyState(name, rate.Text, subnet + ".0/24", nodeList, bridge, DateTimeOffset.UtcNow);
        var created = new List<string>();
        try
        {
            foreach (var ns in wanted)
            {
                await IpAsync(["netns", "add", ns], logger, cancellationToken).ConfigureAwait(false);
                created.Add(ns);
                await IpAsync(["-n", ns, "link", "set", "lo", "up"], logger, cancellationToken).ConfigureAwait(false);
            }

            if (bridge is null)
            {
                await IpAsync(["link", "add", "eth0", "netns", nodeList[0].Namespace, "type", "veth", "peer", "name", "eth0", "netns", nodeList[1].Namespace], logger, cancellationToken)
                    .ConfigureAwait(false);
            }
            else
            {
                await IpAsync(["-n", bridge, "link", "add", "br0", "type", "bridge"], logger, cancellationToken).ConfigureAwait(false);
                await IpAsync(["-n", bridge, "link", "set", "br0", "up"], logger, cancellationToken).ConfigureAwait(false);
                foreach (var node in nodeList)
                {
                    var port = string.Create(CultureInfo.InvariantCulture, $"p{node.Index}");
                    await IpAsync(["link", "add", "eth0", "netns", node.Namespace, "type", "veth", "peer", "name", port, "netns", bridge], logger, cancellationToken)
                        .ConfigureAwait(false);
                    await IpAsync(["-n", bridge, "link", "set", port, "master", "br0"], logger, cancellationToken).ConfigureAwait(false);
                    await IpAsync(["-n", bridge, "link", "set", port, "up"], logger, cancellationToken).ConfigureAwait(false);
                    await ShapeAsync(bridge, port, rate, logger, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var node in nodeList)
            {
                await IpAsync(["-n", node.Namespace, "addr", "add", node.Address + "/24", "dev", "eth0"], logger, cancellationToken).ConfigureAwait(false);
                await IpAsync(["-n", node.Namespace, "link", "set", "eth0", "up"], logger, cancellationToken).ConfigureAwait(false);
                await ShapeAsync(node.Namespace, "eth0", rate, logger, cancellationToken).ConfigureAwait(false);
            }

            Directory.CreateDirectory(LabPaths.TopologyDir);
            await File.WriteAllTextAsync(StatePath(name), JsonSerializer.Serialize(state, LabJsonContext.Default.TopologyState), cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            // Undo what was made; nothing here may replace the error that brought us here.
            foreach (var ns in created)
            {
                await TryDeleteNamespaceAsync(ns, logger).ConfigureAwait(false);
            }

            FileCleanup.TryDeleteFile(StatePath(name), logger);
            throw;
        }

        Log.TopologyCreated(logger, name, nodes, rate.Text);
        return new Topology(state, logger);
    }

    /// <summary>Opens an existing topology by name from its record.</summary>
    /// <exception cref="TopologyException">No such topology, or its namespaces are gone.</exception>
    public static async Task<Topology> OpenAsync(string name, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var state = ReadState(name)
            ?? throw new TopologyException($"topology '{name}': expected a record at {StatePath(name)}, found none; list them with `ftactors lab topology list`");
        var existing = await ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        var missing = state.Nodes.Select(n => n.Namespace).Where(n => !existing.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new TopologyException($"topology '{name}': namespaces {string.Join(", ", missing)} are gone; remove it with `ftactors lab topology rm {name}`");
        }

        return new Topology(state, logger ?? NullLogger.Instance);
    }

    /// <summary>Runs a command inside node <paramref name="index"/>'s namespace.</summary>
    public Task<ProcessResult> RunAsync(int index, string file, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync("ip", new[] { "netns", "exec", Node(index).Namespace, file }.Concat(arguments), timeout, _logger, cancellationToken: cancellationToken);

    /// <summary>Every topology with a record, plus namespaces named like ours that have none (leftovers).</summary>
    public static async Task<(IReadOnlyList<TopologyState> Topologies, IReadOnlyList<string> OrphanNamespaces)> ListAsync(CancellationToken cancellationToken = default)
    {
        var namespaces = await ListNamespacesAsync(cancellationToken).ConfigureAwait(false);
        var states = new List<TopologyState>();
        if (Directory.Exists(LabPaths.TopologyDir))
        {
            foreach (var file in Directory.GetFiles(LabPaths.TopologyDir, "*.json").Order(StringComparer.Ordinal))
            {
                if (ReadState(Path.GetFileNameWithoutExtension(file)) is { } s)
                {
                    states.Add(s);
                }
            }
        }

        var known = states.SelectMany(s => s.Nodes.Select(n => n.Namespace).Append(s.BridgeNamespace)).OfType<string>().ToHashSet();
        var orphans = namespaces.Where(n => n.StartsWith(NamespacePrefix, StringComparison.Ordinal) && !known.Contains(n)).Order(StringComparer.Ordinal).ToList();
        return (states, orphans);
    }

    /// <summary>
    /// Removes topology <paramref name="name"/>: stops lab guests running in its namespaces, ends any
    /// other process still inside them (only processes in our own namespaces), deletes the namespaces
    /// (which deletes their links) and the record.
    /// </summary>
    /// <returns>The namespaces deleted (empty when there was nothing to remove).</returns>
    public static async Task<IReadOnlyList<string>> RemoveAsync(string name, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Privileges.RequireRoot("removing a topology");
        var prefix = NamespacePrefix + name + "-";
        var namespaces = (await ListNamespacesAsync(cancellationToken).ConfigureAwait(false))
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && IsNodeSuffix(n[prefix.Length..]))
            .ToList();
        await RemoveNamespacesAsync(namespaces, logger ?? NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        FileCleanup.DeleteFileIfPresent(StatePath(name));
        Log.TopologyRemoved(logger ?? NullLogger.Instance, name);
        return namespaces;
    }

    /// <summary>Removes every <c>ftlab-*</c> namespace and every topology record.</summary>
    public static async Task<IReadOnlyList<string>> RemoveAllAsync(ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        Privileges.RequireRoot("removing topologies");
        var namespaces = (await ListNamespacesAsync(cancellationToken).ConfigureAwait(false))
            .Where(n => n.StartsWith(NamespacePrefix, StringComparison.Ordinal))
            .ToList();
        await RemoveNamespacesAsync(namespaces, logger ?? NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(LabPaths.TopologyDir))
        {
            foreach (var f in Directory.GetFiles(LabPaths.TopologyDir, "*.json"))
            {
                FileCleanup.DeleteFileIfPresent(f);
            }
        }

        return namespaces;
    }

    /// <summary>The names of all network namespaces (<c>ip netns list</c>).</summary>
    public static async Task<HashSet<string>> ListNamespacesAsync(CancellationToken cancellationToken = default)
    {
        var r = await ProcessRunner.RunCheckedAsync("ip", ["netns", "list"], CommandTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        return r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ')[0])
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Removes this topology. Disposal runs on error paths too, so it never throws: what it cannot remove
    /// it logs (and <c>ftactors lab topology list</c> shows as left over). Call <see cref="RemoveAsync"/>
    /// to see such failures as exceptions.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                await RemoveAsync(Name, _logger, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is QemuException or IOException or UnauthorizedAccessException)
            {
                Log.CleanupFailed(_logger, "removing topology " + Name, e.Message);
            }
        }
    }

    private static bool IsNodeSuffix(string suffix) =>
        suffix == "br" || (suffix.Length > 0 && suffix.All(char.IsAsciiDigit));

    private static async Task RemoveNamespacesAsync(List<string> namespaces, ILogger logger, CancellationToken cancellationToken)
    {
        if (namespaces.Count == 0)
        {
            return;
        }

        // Registered guests first, the orderly way (their run directories go too).
        foreach (var guest in GuestRegistry.List())
        {
            if (guest.Namespace is { } ns && namespaces.Contains(ns))
            {
                await GuestRegistry.StopAsync(guest.Name, TimeSpan.FromSeconds(5), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var ns in namespaces)
        {
            // Whatever else still runs inside a lab namespace was started there by the lab (a
            // listener, a crashed test's QEMU); deleting the name alone would leave it running.
            var pids = await ProcessRunner.RunAsync("ip", ["netns", "pids", ns], CommandTimeout, logger, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var text in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    await ProcessControl.TerminateAsync(pid, ProcessControl.ReadStartTime(pid), TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                }
            }

            var r = await ProcessRunner.RunAsync("ip", ["netns", "del", ns], CommandTimeout, logger, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!r.Succeeded)
            {
                Log.CleanupFailed(logger, "ip netns del " + ns, r.StandardError.Trim());
                throw new TopologyException($"could not delete namespace {ns}: {r.StandardError.Trim()}");
            }
        }
    }

    /// <summary>For the undo of a failed creation: logs what it cannot delete instead of throwing.</summary>
    private static async Task TryDeleteNamespaceAsync(string ns, ILogger logger)
    {
        try
        {
            var r = await ProcessRunner.RunAsync("ip", ["netns", "del", ns], CommandTimeout, logger, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            if (!r.Succeeded)
            {
                Log.CleanupFailed(logger, "ip netns del " + ns, r.StandardError.Trim());
            }
        }
        catch (QemuException e)
        {
            Log.CleanupFailed(logger, "ip netns del " + ns, e.Message);
        }
    }

    private static async Task ShapeAsync(string ns, string dev, LinkRate rate, ILogger logger, CancellationToken cancellationToken)
    {
        if (rate.BitsPerSecond is null)
        {
            return;
        }

        await ProcessRunner.RunCheckedAsync(
            "ip",
            ["netns", "exec", ns, "tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", rate.Text,
             "burst", rate.BurstBytes.ToString(CultureInfo.InvariantCulture), "latency", "50ms"],
            CommandTimeout, logger, cancellationToken).ConfigureAwait(false);
    }

    private static Task<ProcessResult> IpAsync(string[] args, ILogger logger, CancellationToken cancellationToken) =>
        ProcessRunner.RunCheckedAsync("ip", args, CommandTimeout, logger, cancellationToken);

    /// <summary>
    /// Picks k for 10.77.k.0/24: not used by another topology's record and not inside any route the
    /// host has (a namespace is isolated anyway, but overlapping addresses confuse anyone reading them).
    /// </summary>
    private static async Task<int> PickSubnetAsync(CancellationToken cancellationToken)
    {
        var (states, _) = await ListAsync(cancellationToken).ConfigureAwait(false);
        var used = states.Select(s => s.Subnet).ToHashSet(StringComparer.Ordinal);
        var routes = await ProcessRunner.RunCheckedAsync("ip", ["-4", "route", "show", "table", "all"], CommandTimeout, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var prefixes = routes.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => f.Length > 1 && (f[0] is "local" or "broadcast" or "unicast") ? f[1] : f.FirstOrDefault())
            .Where(d => d is not null && d != "default")
            .Select(d => IPNetwork.TryParse(d!.Contains('/', StringComparison.Ordinal) ? d : d + "/32", out var net) ? net : (IPNetwork?)null)
            .OfType<IPNetwork>()
            .ToList();
        for (var k = 0; k < 256; k++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"10.77.{k}.0/24");
            if (used.Contains(candidate))
            {
                continue;
            }

            var net = IPNetwork.Parse(candidate);
            if (!prefixes.Any(p => p.Contains(net.BaseAddress) || net.Contains(p.BaseAddress)))
            {
                return k;
            }
        }

        throw new TopologyException("no free 10.77.k.0/24 subnet left: remove old topologies with `ftactors lab topology rm --all`");
    }

    private static string StatePath(string name) => Path.Combine(LabPaths.TopologyDir, name + ".json");

    private static TopologyState? ReadState(string name)
    {
        var path = StatePath(name);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), LabJsonContext.Default.TopologyState) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9]{0,7}$")]
    private static partial Regex NamePattern();
}
