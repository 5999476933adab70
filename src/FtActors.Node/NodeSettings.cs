using System.Collections.Immutable;
using System.Globalization;
using FtActors.Configuration;
using Microsoft.Extensions.Configuration;

namespace FtActors.Node;

/// <summary>
/// What a node process reads from its configuration (<c>hocon/node.conf</c> plus environment and <c>--set</c>
/// overrides) to join the Akka.NET cluster: the cluster's id, seed nodes and this node's roles, where remoting
/// listens, and where the journal lives. Validated at startup.
/// </summary>
public sealed class NodeSettings
{
    /// <summary>The cluster's id, the actor system's name (<c>ftactors.cluster.id</c>).</summary>
    public required string ClusterId { get; init; }

    /// <summary>Seed nodes as host:port (<c>ftactors.cluster.seed-nodes</c>); empty: this node forms the cluster.</summary>
    public required ImmutableArray<string> SeedNodes { get; init; }

    /// <summary>This node's roles, <see cref="NodeRoleNames.Compute"/> and/or <see cref="NodeRoleNames.Spare"/> (<c>ftactors.cluster.roles</c>).</summary>
    public required ImmutableArray<string> Roles { get; init; }

    /// <summary>Address to listen on (<c>ftactors.remoting.host</c>).</summary>
    public required string Host { get; init; }

    /// <summary>Address other nodes reach this one at (<c>ftactors.remoting.public-host</c>, default the host).</summary>
    public required string PublicHost { get; init; }

    /// <summary>TCP port (<c>ftactors.remoting.port</c>); 0 picks a free one.</summary>
    public required int Port { get; init; }

    /// <summary>"sqlite" or "postgresql" (<c>ftactors.persistence.journal.provider</c>).</summary>
    public required string JournalProvider { get; init; }

    /// <summary>ADO.NET connection string of the journal (and snapshot store).</summary>
    public required string JournalConnectionString { get; init; }

    /// <summary>Whether the node has the spare role.</summary>
    public bool IsSpare => Roles.Contains(NodeRoleNames.Spare);

    /// <summary>Reads and validates the settings; the error names the key, what was expected and what was found.</summary>
    /// <exception cref="ConfigurationException">A setting is missing or invalid.</exception>
    public static NodeSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var id = configuration["ftactors:cluster:id"];
        if (string.IsNullOrWhiteSpace(id) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ConfigurationException($"ftactors.cluster.id: expected a name of letters, digits, '-' and '_' (the actor system's name), found \"{id}\"");
        }

        var roles = List(configuration, "ftactors:cluster:roles");
        if (roles.Length == 0 || roles.Any(r => r is not (NodeRoleNames.Compute or NodeRoleNames.Spare)))
        {
            throw new ConfigurationException($"ftactors.cluster.roles: expected one or both of \"compute\" and \"spare\", found [{string.Join(", ", roles)}]");
        }

        var seeds = List(configuration, "ftactors:cluster:seed-nodes");
        foreach (var seed in seeds)
        {
            var colon = seed.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var seedPort) || seedPort is 0 or > 65535)
            {
                throw new ConfigurationException($"ftactors.cluster.seed-nodes: expected host:port entries, found \"{seed}\"");
            }
        }

        var host = configuration["ftactors:remoting:host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new ConfigurationException("ftactors.remoting.host: expected a host name or IP address, found nothing");
        }

        var portText = configuration["ftactors:remoting:port"];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ConfigurationException($"ftactors.remoting.port: expected a port in 0..65535, found \"{portText}\"");
        }

        var provider = configuration["ftactors:persistence:journal:provider"] ?? "sqlite";
        if (provider is not ("sqlite" or "postgresql"))
        {
            throw new ConfigurationException($"ftactors.persistence.journal.provider: expected \"sqlite\" or \"postgresql\", found \"{provider}\"");
        }

        var journal = configuration["ftactors:persistence:journal:connection-string"];
        if (string.IsNullOrWhiteSpace(journal))
        {
            throw new ConfigurationException("ftactors.persistence.journal.connection-string: expected a connection string, found nothing");
        }

        var publicHost = configuration["ftactors:remoting:public-host"];
        return new NodeSettings
        {
            ClusterId = id,
            SeedNodes = seeds,
            Roles = roles,
            Host = host,
            PublicHost = string.IsNullOrWhiteSpace(publicHost) ? host : publicHost,
            Port = port,
            JournalProvider = provider,
            JournalConnectionString = journal,
        };
    }

    /// <summary>A HOCON list, or a comma-separated value set over it (<c>--set ftactors.cluster.seed-nodes=a:1,b:2</c>; empty clears it).</summary>
    private static ImmutableArray<string> List(IConfiguration configuration, string key) =>
        configuration[key] is { } overridden
            ? [.. overridden.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [.. configuration.GetSection(key).GetChildren().OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .Select(c => c.Value?.Trim() ?? string.Empty).Where(v => v.Length > 0)];
}
