using System.Globalization;
using FtActors.Cluster;
using FtActors.Configuration;
using Microsoft.Extensions.Configuration;

namespace FtActors.Node;

/// <summary>
/// What a node process reads from its configuration (<c>hocon/node.conf</c> plus environment and <c>--set</c>
/// overrides): the cluster section, where remoting listens, and where the journal lives. Validated at startup.
/// </summary>
public sealed class NodeSettings
{
    /// <summary>The <c>ftactors.cluster</c> section.</summary>
    public required ClusterOptions Cluster { get; init; }

    /// <summary>Address to listen on and to advertise (<c>ftactors.remoting.host</c>).</summary>
    public required string Host { get; init; }

    /// <summary>TCP port (<c>ftactors.remoting.port</c>); 0 picks a free one.</summary>
    public required int Port { get; init; }

    /// <summary>"sqlite" or "postgresql" (<c>ftactors.persistence.journal.provider</c>).</summary>
    public required string JournalProvider { get; init; }

    /// <summary>ADO.NET connection string of the journal.</summary>
    public required string JournalConnectionString { get; init; }

    /// <summary>Reads and validates the settings; the error names the key, what was expected and what was found.</summary>
    /// <exception cref="ClusterException">A setting is missing or invalid.</exception>
    public static NodeSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = HoconBinder.Get<ClusterOptions>(configuration.GetSection("ftactors:cluster"));
        cluster.Validate();
        var host = configuration["ftactors:remoting:host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new ClusterException("ftactors.remoting.host: expected a host name or IP address, found nothing");
        }

        var portText = configuration["ftactors:remoting:port"];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ClusterException($"ftactors.remoting.port: expected a port in 0..65535, found \"{portText}\"");
        }

        var provider = configuration["ftactors:persistence:journal:provider"] ?? "sqlite";
        if (provider is not ("sqlite" or "postgresql"))
        {
            throw new ClusterException($"ftactors.persistence.journal.provider: expected \"sqlite\" or \"postgresql\", found \"{provider}\"");
        }

        var journal = configuration["ftactors:persistence:journal:connection-string"];
        if (string.IsNullOrWhiteSpace(journal))
        {
            throw new ClusterException("ftactors.persistence.journal.connection-string: expected a connection string, found nothing");
        }

        return new NodeSettings { Cluster = cluster, Host = host, Port = port, JournalProvider = provider, JournalConnectionString = journal };
    }
}
