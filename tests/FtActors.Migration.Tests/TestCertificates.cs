using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FtActors.Migration.Tests;

/// <summary>
/// Certificates made at run time for the TLS tests: a CA, and node certificates it issues (usable as TLS
/// server and client), in memory or written as the files <c>migrate send/receive --tls-cert/--tls-ca</c> take.
/// </summary>
internal static class TestCertificates
{
    /// <summary>A self-signed CA that may issue node certificates.</summary>
    public static X509Certificate2 Ca(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A node certificate with its private key, issued by <paramref name="issuer"/>, for server and client authentication.</summary>
    public static X509Certificate2 Leaf(string subject, X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(8);
        using var cert = req.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        using var withKey = cert.CopyWithPrivateKey(key);
        // Re-imported so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes <paramref name="ca"/> as PEM (what <c>--tls-ca</c> reads) and returns the path.</summary>
    public static string WriteCa(X509Certificate2 ca, string path)
    {
        ArgumentNullException.ThrowIfNull(ca);
        File.WriteAllText(path, ca.ExportCertificatePem());
        return path;
    }

    /// <summary>Writes a node certificate with its key as PKCS#12 without a password (what <c>--tls-cert</c> reads) and returns the path.</summary>
    public static string WriteNode(X509Certificate2 node, string path)
    {
        ArgumentNullException.ThrowIfNull(node);
        File.WriteAllBytes(path, node.Export(X509ContentType.Pkcs12));
        return path;
    }
}
