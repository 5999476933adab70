using System.Security.Cryptography.X509Certificates;

namespace FtActors.Remoting;

/// <summary>
/// Mutual TLS between nodes. Each node presents <see cref="Certificate"/> and accepts a peer only if the peer's
/// certificate chains to one of <see cref="TrustedRoots"/> or, when <see cref="PinnedThumbprints"/> is not empty,
/// is one of those exact certificates. Host names are not checked: a node's identity is its certificate, and
/// HPC nodes are usually addressed by IP.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>This node's certificate, with its private key.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>CA certificates a peer's certificate must chain to (custom root trust; the system store is ignored).</summary>
    public X509Certificate2Collection TrustedRoots { get; init; } = [];

    /// <summary>SHA-256 thumbprints (hex) of the only peer certificates accepted; when not empty it replaces CA trust.</summary>
    public IReadOnlySet<string> PinnedThumbprints { get; init; } = new HashSet<string>();
}
