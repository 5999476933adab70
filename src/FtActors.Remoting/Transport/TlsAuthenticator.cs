using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FtActors.Remoting.Transport;

/// <summary>
/// Mutual TLS for node connections: both sides present a certificate and both check the other's against the
/// configured CA (custom root trust, the machine store ignored) or pinned set. A peer without an acceptable
/// certificate fails the TLS handshake, so no frame is ever read from it.
/// </summary>
internal sealed class TlsAuthenticator
{
    private readonly TlsOptions _options;
    private readonly SslStreamCertificateContext _context;

    public TlsAuthenticator(TlsOptions options)
    {
        _options = options;
        // Sending the CA along lets a peer that trusts only the CA build the chain without fetching anything.
        _context = SslStreamCertificateContext.Create(options.Certificate, options.TrustedRoots, offline: true);
    }

    /// <summary>Checks a peer certificate; returns an empty string when it is acceptable, else why it is not.</summary>
    public static string Explain(X509Certificate? certificate, TlsOptions options)
    {
        if (certificate is null)
        {
            return "the peer presented no certificate";
        }

        using var cert = new X509Certificate2(certificate);
        if (options.PinnedThumbprints.Count > 0)
        {
            var thumb = cert.GetCertHashString(HashAlgorithmName.SHA256);
            return options.PinnedThumbprints.Contains(thumb, StringComparer.OrdinalIgnoreCase)
                ? string.Empty
                : $"certificate '{cert.Subject}' (SHA-256 {thumb}) is not in the pinned set";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(options.TrustedRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(cert))
        {
            return string.Empty;
        }

        var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()));
        return $"certificate '{cert.Subject}' issued by '{cert.Issuer}' does not chain to a trusted CA ({status})";
    }

    public async Task<SslStream> AuthenticateAsServerAsync(Stream inner, Action<string> refused, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _context,
            ClientCertificateRequired = true,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, cert, _, _) => Accept(cert, refused),
        };
        await AuthenticateOrDisposeAsync(ssl, s => s.AuthenticateAsServerAsync(options, cancellationToken)).ConfigureAwait(false);
        return ssl;
    }

    public async Task<SslStream> AuthenticateAsClientAsync(Stream inner, string host, Action<string> refused, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificateContext = _context,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, cert, _, _) => Accept(cert, refused),
        };
        await AuthenticateOrDisposeAsync(ssl, s => s.AuthenticateAsClientAsync(options, cancellationToken)).ConfigureAwait(false);
        return ssl;
    }

    private static async Task AuthenticateOrDisposeAsync(SslStream ssl, Func<SslStream, Task> authenticate)
    {
        try
        {
            await authenticate(ssl).ConfigureAwait(false);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private bool Accept(X509Certificate? certificate, Action<string> refused)
    {
        // The platform's own verdict (sslPolicyErrors) is ignored on purpose: it checks against the machine store
        // and host names, while node identity here is "signed by our CA" or "one of the pinned certificates".
        var reason = Explain(certificate, _options);
        if (reason.Length == 0)
        {
            return true;
        }

        refused(reason);
        return false;
    }
}
