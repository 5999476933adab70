using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FtActors.Migration.Receiving;
using FtActors.Migration.Session;
using FtActors.Migration.Wire;
using FtActors.Pages;
using FtActors.Remoting;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Migration.Tests;

public sealed class PageTlsTests
{
    [Fact]
    public async Task Connect_SenderCertificateFromRogueCa_RefusedOnBothSides()
    {
        using var ca = Ca("CN=ftactors-ca");
        using var rogueCa = Ca("CN=rogue-ca");
        using var spare = Leaf("CN=spare", ca);
        using var rogue = Leaf("CN=rogue-node", rogueCa);
        var (receiverTask, port) = StartReceiver(new TlsOptions { Certificate = spare, TrustedRoots = [ca] });

        // With TLS 1.3 the client finishes its handshake before the server judges its certificate, so the
        // sender learns of the refusal as the connection closing before the welcome.
        await Assert.ThrowsAnyAsync<MigrationException>(() =>
            SourceConnection.ConnectAsync(Options(port, new TlsOptions { Certificate = rogue, TrustedRoots = [ca] }), Hello(), PageEngines.Managed, CancellationToken.None));

        var result = await receiverTask.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(result.Committed);
        Assert.Contains("rogue-node", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_TrustedCertificates_HandshakeReachesTheSession()
    {
        using var ca = Ca("CN=ftactors-ca");
        using var spare = Leaf("CN=spare", ca);
        using var source = Leaf("CN=source", ca);
        var (receiverTask, port) = StartReceiver(new TlsOptions { Certificate = spare, TrustedRoots = [ca] });

        // Past TLS the receiver reads the hello; a workload no guest can run makes it refuse with a reason.
        var e = await Assert.ThrowsAsync<MigrationException>(() =>
            SourceConnection.ConnectAsync(Options(port, new TlsOptions { Certificate = source, TrustedRoots = [ca] }), Hello() with { Workload = "no-such-workload" }, PageEngines.Managed, CancellationToken.None));
        Assert.Contains("peer aborted", e.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-workload", e.Message, StringComparison.Ordinal);
        Assert.False((await receiverTask.WaitAsync(TimeSpan.FromSeconds(30))).Committed);
    }

    private static (Task<ReceiverResult> Task, int Port) StartReceiver(TlsOptions tls)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var receiver = new MigrationReceiver(new ReceiverOptions { Listen = new IPEndPoint(IPAddress.Loopback, port), Tls = tls }, PageEngines.Managed, NullLogger.Instance);
        var ready = new TaskCompletionSource();
        var task = Task.Run(() => receiver.RunOnceAsync(() => ready.TrySetResult()));
        ready.Task.Wait(TimeSpan.FromSeconds(30));
        return (task, port);
    }

    private static MigrationOptions Options(int port, TlsOptions tls) =>
        new() { Guest = "g", QmpSocket = "unused", RamFile = "unused", Host = "127.0.0.1", Port = port, Tls = tls };

    private static SessionHello Hello() => new(PageFrameCodec.Version, Guid.NewGuid(), "g", 256, "pc", "idle", 0, 64, 0, Guid.Empty);

    private static X509Certificate2 Ca(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Leaf(string subject, X509Certificate2 issuer)
    {
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
}
