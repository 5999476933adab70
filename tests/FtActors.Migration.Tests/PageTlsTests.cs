using System.Net;
using System.Net.Sockets;
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
        using var ca = TestCertificates.Ca("CN=ftactors-ca");
        using var rogueCa = TestCertificates.Ca("CN=rogue-ca");
        using var spare = TestCertificates.Leaf("CN=spare", ca);
        using var rogue = TestCertificates.Leaf("CN=rogue-node", rogueCa);
        var (receiverTask, port) = StartReceiver(new TlsOptions { Certificate = spare, TrustedRoots = [ca] });

        // With TLS 1.3 the client finishes its handshake before the server judges its certificate, so the
        // sender learns of the refusal as the connection closing before the welcome, or, when the refusal
        // overtakes its hello, as a reset while writing it.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            SourceConnection.ConnectAsync(Options(port, new TlsOptions { Certificate = rogue, TrustedRoots = [ca] }), Hello(), PageEngines.Managed, CancellationToken.None));
        Assert.True(refused is MigrationException or IOException, $"a closed or reset connection was expected, found {refused}");

        var result = await receiverTask.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(result.Committed);
        Assert.Contains("rogue-node", result.Reason, StringComparison.Ordinal);
        Assert.Contains("the sender at 127.0.0.1:", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ReceiverCertificateFromRogueCa_SenderRefusesAndReceiverEndsWithAReason()
    {
        using var ca = TestCertificates.Ca("CN=ftactors-ca");
        using var rogueCa = TestCertificates.Ca("CN=rogue-ca");
        using var rogueSpare = TestCertificates.Leaf("CN=rogue-spare", rogueCa);
        using var source = TestCertificates.Leaf("CN=source", ca);
        var (receiverTask, port) = StartReceiver(new TlsOptions { Certificate = rogueSpare, TrustedRoots = [ca, rogueCa] });

        var e = await Assert.ThrowsAsync<MigrationException>(() =>
            SourceConnection.ConnectAsync(Options(port, new TlsOptions { Certificate = source, TrustedRoots = [ca] }), Hello(), PageEngines.Managed, CancellationToken.None));
        Assert.Contains("CN=rogue-spare", e.Message, StringComparison.Ordinal);

        // The receiver used to throw out of RunOnceAsync here (a protocol error: no hello), which the CLI
        // reported as a set-up error; it is a refused session and ends as one, naming the sender.
        var result = await receiverTask.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(result.Committed);
        Assert.Contains("the sender at 127.0.0.1:", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_SenderClosesBeforeItsHello_ReturnsRefusedNamingThePeer()
    {
        var (receiverTask, port) = StartReceiver(null);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
        }

        var result = await receiverTask.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(result.Committed);
        Assert.Null(result.Destination);
        Assert.Contains("the sender at 127.0.0.1:", result.Reason, StringComparison.Ordinal);
        Assert.Contains("sent no session hello", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_TrustedCertificates_HandshakeReachesTheSession()
    {
        using var ca = TestCertificates.Ca("CN=ftactors-ca");
        using var spare = TestCertificates.Leaf("CN=spare", ca);
        using var source = TestCertificates.Leaf("CN=source", ca);
        var (receiverTask, port) = StartReceiver(new TlsOptions { Certificate = spare, TrustedRoots = [ca] });

        // Past TLS the receiver reads the hello; a workload no guest can run makes it refuse with a reason.
        var e = await Assert.ThrowsAsync<MigrationException>(() =>
            SourceConnection.ConnectAsync(Options(port, new TlsOptions { Certificate = source, TrustedRoots = [ca] }), Hello() with { Workload = "no-such-workload" }, PageEngines.Managed, CancellationToken.None));
        Assert.Contains("peer aborted", e.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-workload", e.Message, StringComparison.Ordinal);
        Assert.False((await receiverTask.WaitAsync(TimeSpan.FromSeconds(30))).Committed);
    }

    private static (Task<ReceiverResult> Task, int Port) StartReceiver(TlsOptions? tls)
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
}
