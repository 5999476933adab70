using System.Net;
using FtActors.Remoting;

namespace FtActors.Migration.Xen;

/// <summary>How <see cref="XenImageReceiver"/> serves one incoming Xen image move on a spare.</summary>
public sealed record XenReceiveOptions
{
    /// <summary>Where to accept the page connection.</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>The save image to write. It appears only once the move is confirmed; an existing file is replaced then.</summary>
    public required string Output { get; init; }

    /// <summary>The spare's pre-deploy page store directory, or null for none.</summary>
    public string? StorePath { get; init; }

    /// <summary>Mutual TLS on the page connection; null for plain TCP.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>How long the sender may stay silent before the move is given up.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
