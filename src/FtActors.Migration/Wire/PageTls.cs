using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FtActors.Remoting;

namespace FtActors.Migration.Wire;

/// <summary>
/// Mutual TLS for page connections with Remoting's <see cref="TlsOptions"/>: each side presents its
/// certificate and accepts the peer only if it chains to the configured roots (the system store is
/// ignored) or, when pins are set, is one of the pinned certificates. Remoting's own authenticator is
/// internal to it, so this is the same rule written for page connections.
/// </summary>
public static class PageTls
{
    /// <summary>Authenticates as the receiving side; throws <see cref="MigrationException"/> when the peer is refused.</summary>
    public static async Task<Stream> ServerAsync(Stream inner, TlsOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? refusal = null;
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, (_, cert, _, _) => Accept(cert, options, out refusal));
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = options.Certificate,
                ClientCertificateRequired = true,
                EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new MigrationException($"TLS: the sender was refused: {refusal ?? e.Message}", e);
        }
    }

    /// <summary>Authenticates as the sending side; throws <see cref="MigrationException"/> when the peer is refused.</summary>
    public static async Task<Stream> ClientAsync(Stream inner, string host, TlsOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? refusal = null;
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, (_, cert, _, _) => Accept(cert, options, out refusal));
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ClientCertificates = [options.Certificate],
                EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new MigrationException($"TLS: the receiver was refused or refused us: {refusal ?? e.Message}", e);
        }
    }

    private static bool Accept(X509Certificate? presented, TlsOptions options, out string? refusal)
    {
        refusal = null;
        if (presented is null)
        {
            refusal = "the peer presented no certificate";
            return false;
        }

        using var cert = new X509Certificate2(presented);
        if (options.PinnedThumbprints.Count > 0)
        {
            var thumb = Convert.ToHexString(cert.GetCertHash(HashAlgorithmName.SHA256));
            if (options.PinnedThumbprints.Any(p => string.Equals(p, thumb, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            refusal = $"the peer's certificate {cert.Subject} (SHA-256 {thumb}) is not pinned";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(options.TrustedRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(cert))
        {
            return true;
        }

        refusal = $"the peer's certificate {cert.Subject} does not chain to a trusted root ({string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))})";
        return false;
    }
}
