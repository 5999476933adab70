using System.Security.Cryptography;
using FtActors.Remoting.Tests.Support;
using Xunit;

namespace FtActors.Remoting.Tests;

public sealed class TlsTests
{
    [Fact]
    public async Task MutualTls_BothCertificatesSignedByCa_MessagesFlowBothWays()
    {
        await using var a = NodeHarness.Start(NodeHarness.Options(tls: TestCertificates.Tls(TestCertificates.CreateNode("node-a", TestCertificates.Ca))));
        await using var b = NodeHarness.Start(NodeHarness.Options(tls: TestCertificates.Tls(TestCertificates.CreateNode("node-b", TestCertificates.Ca))));
        var client = a.AddProbe("client");
        b.AddProbe("echo", echo: true);

        a.RefTo(b, "echo").Tell(new Ping(1, "over tls"), client);

        Assert.Equal(new Pong(1, "over tls"), (await client.ExpectAsync<Pong>()).Message);
        Assert.DoesNotContain(a.Logs.Lines.Concat(b.Logs.Lines), l => l.EventId == 2015);
    }

    [Fact]
    public async Task RogueClient_SelfSignedCertificate_RefusedByServer()
    {
        await using var rogue = NodeHarness.Start(NodeHarness.Options(tls: TestCertificates.Tls(TestCertificates.CreateNode("rogue", issuer: null), TestCertificates.Ca)));
        await using var server = NodeHarness.Start(NodeHarness.Options(tls: TestCertificates.Tls(TestCertificates.CreateNode("server", TestCertificates.Ca))));
        var sink = server.AddProbe("sink");

        rogue.RefTo(server, "sink").Tell(new Ping(1, "let me in"));

        var line = await server.Logs.WaitForAsync(l => l.EventId == 2015 && l.Text.Contains("CN=rogue", StringComparison.Ordinal));
        Assert.Contains("does not chain to a trusted CA", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Lines, l => l.EventId == 2010);
        Assert.False(sink.TryTake(out _));
    }

    [Fact]
    public async Task RogueServer_CertificateFromOtherCa_RefusedByClient()
    {
        var otherCa = TestCertificates.CreateCa("Other CA");
        await using var client = NodeHarness.Start(NodeHarness.Options(tls: TestCertificates.Tls(TestCertificates.CreateNode("client", TestCertificates.Ca))));
        await using var rogue = NodeHarness.Start(NodeHarness.Options(tls: TestCertificates.Tls(TestCertificates.CreateNode("impostor", otherCa), TestCertificates.Ca)));
        var sink = rogue.AddProbe("sink");

        client.RefTo(rogue, "sink").Tell(new Ping(1, "secret"));

        var line = await client.Logs.WaitForAsync(l => l.EventId == 2015 && l.Text.Contains("CN=impostor", StringComparison.Ordinal));
        Assert.Contains("does not chain to a trusted CA", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(client.Logs.Lines, l => l.EventId == 2010);
        Assert.False(sink.TryTake(out _));
    }

    [Fact]
    public async Task PlainTcpClient_AgainstTlsNode_Refused()
    {
        await using var plain = NodeHarness.Start();
        await using var server = NodeHarness.Start(NodeHarness.Options(tls: TestCertificates.Tls(TestCertificates.CreateNode("server", TestCertificates.Ca))));
        var sink = server.AddProbe("sink");

        plain.RefTo(server, "sink").Tell(new Ping(1, "no tls"));

        await server.Logs.WaitForAsync(l => l.EventId == 2015);
        Assert.False(sink.TryTake(out _));
    }

    [Fact]
    public async Task PinnedThumbprints_OnlyPinnedPeerAccepted()
    {
        var pinnedCert = TestCertificates.CreateNode("pinned", issuer: null);
        var serverCert = TestCertificates.CreateNode("server", issuer: null);
        var pins = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            pinnedCert.GetCertHashString(HashAlgorithmName.SHA256),
            serverCert.GetCertHashString(HashAlgorithmName.SHA256),
        };
        TlsOptions Pinned(System.Security.Cryptography.X509Certificates.X509Certificate2 cert) => new() { Certificate = cert, PinnedThumbprints = pins };
        await using var server = NodeHarness.Start(NodeHarness.Options(tls: Pinned(serverCert)));
        await using var good = NodeHarness.Start(NodeHarness.Options(tls: Pinned(pinnedCert)));
        await using var other = NodeHarness.Start(NodeHarness.Options(tls: Pinned(TestCertificates.CreateNode("unpinned", TestCertificates.Ca))));
        var sink = server.AddProbe("sink");

        other.RefTo(server, "sink").Tell(new Ping(1, "unpinned"));
        var refused = await server.Logs.WaitForAsync(l => l.EventId == 2015 && l.Text.Contains("CN=unpinned", StringComparison.Ordinal));
        good.RefTo(server, "sink").Tell(new Ping(2, "pinned"));

        Assert.Contains("is not in the pinned set", refused.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await sink.ExpectAsync<Ping>()).Message.Seq);
    }
}
