using System.Net;
using System.Net.Sockets;
using FtActors.Migration.Wire;
using FtActors.Migration.Xen;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Migration.Tests;

/// <summary>A scripted sender on a raw page connection: the receiver's refusals and its clean-up once temporary files exist.</summary>
public sealed class XenReceiverTests : IDisposable
{
    private readonly XenMoveHarness _h = new();

    private static XenImageHello Hello(long imageBytes = 3 * 4096 + 100, long slots = 3, long runs = 1) =>
        new(PageFrameCodec.Version, Guid.NewGuid(), "scripted", "xen-xl", imageBytes, slots, runs, imageBytes - (slots * 4096), Guid.Empty);

    private async Task<(XenReceiveResult Result, string Output)> ServeAsync(Func<PageConnection, Task> script)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        string output = _h.Path("out-" + Guid.NewGuid().ToString("N"));
        var timeout = TimeSpan.FromSeconds(30 * XenMoveHarness.TimeFactor);
        var receiver = new XenImageReceiver(new XenReceiveOptions { Listen = new IPEndPoint(IPAddress.Loopback, port), Output = output, IdleTimeout = timeout }, XenMoveHarness.Engine, NullLogger.Instance);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = Task.Run(() => receiver.RunOnceAsync(() => ready.TrySetResult()));
        await ready.Task.WaitAsync(timeout);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using (var connection = new PageConnection(tcp.GetStream()))
        {
            await script(connection);
        }

        tcp.Dispose();
        return (await serving.WaitAsync(timeout * 2), output);
    }

    [Fact]
    public async Task Receive_SenderVanishesAfterTheWelcome_NotWrittenAndTemporaryFilesRemoved()
    {
        bool hadTemporaryFiles = false;
        string? output = null;
        var (result, path) = await ServeAsync(async c =>
        {
            await c.WriteJsonAsync(PageFrameType.XenHello, Hello(), XenWireJsonContext.Default.XenImageHello, CancellationToken.None);
            using var welcome = await c.ReadAsync(PageFrameType.Welcome, CancellationToken.None);
            output = PageConnection.ParseJson(welcome, PageWireJsonContext.Default.SessionWelcome).Destination;
            hadTemporaryFiles = File.Exists(output + ".partial") && File.Exists(output + ".slots");
        });

        Assert.True(hadTemporaryFiles, "the receiver creates its temporary files before the welcome");
        Assert.Equal(path, output);
        Assert.False(result.Written);
        Assert.Contains("end of the stream", result.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        XenMoveHarness.AssertNoTemporaryFiles(path);
    }

    [Fact]
    public async Task Receive_RunReachingPastTheImage_RefusedNamingTheRun()
    {
        string? abort = null;
        var (result, path) = await ServeAsync(async c =>
        {
            await c.WriteJsonAsync(PageFrameType.XenHello, Hello(), XenWireJsonContext.Default.XenImageHello, CancellationToken.None);
            using (await c.ReadAsync(PageFrameType.Welcome, CancellationToken.None))
            {
            }

            // Three pages starting 200 bytes in run past a 12,388-byte image.
            await c.WriteAsync(PageFrameType.XenLayout, 0, XenWire.EncodeRuns([new XenPageRun(200, 3)]), CancellationToken.None);
            var e = await Assert.ThrowsAsync<MigrationException>(() => c.ReadAsync(PageFrameType.Ack, CancellationToken.None));
            abort = e.Message;
        });

        Assert.False(result.Written);
        Assert.Contains("run 0", result.Reason, StringComparison.Ordinal);
        Assert.Contains("3 pages at offset 200", result.Reason, StringComparison.Ordinal);
        Assert.Contains("peer aborted", abort, StringComparison.Ordinal);
        XenMoveHarness.AssertNoTemporaryFiles(path);
    }

    [Fact]
    public async Task Receive_HelloWhoseSizesDisagree_RefusedBeforeAnyFile()
    {
        var (result, path) = await ServeAsync(async c =>
        {
            await c.WriteJsonAsync(PageFrameType.XenHello, Hello() with { RecordBytes = 5 }, XenWireJsonContext.Default.XenImageHello, CancellationToken.None);
            await Assert.ThrowsAsync<MigrationException>(() => c.ReadAsync(PageFrameType.Welcome, CancellationToken.None));
        });

        Assert.False(result.Written);
        Assert.Contains("record bytes", result.Reason, StringComparison.Ordinal);
        XenMoveHarness.AssertNoTemporaryFiles(path);
    }

    [Fact]
    public async Task Receive_RamMigrationHello_RefusedAsTheWrongKindOfSession()
    {
        var (result, _) = await ServeAsync(async c =>
        {
            var hello = new SessionHello(PageFrameCodec.Version, Guid.NewGuid(), "g", 256, "pc", "idle", 0, 0, 0, Guid.Empty);
            await c.WriteJsonAsync(PageFrameType.Hello, hello, PageWireJsonContext.Default.SessionHello, CancellationToken.None);
            await Assert.ThrowsAsync<MigrationException>(() => c.ReadAsync(PageFrameType.Welcome, CancellationToken.None));
        });

        Assert.False(result.Written);
        Assert.Contains("expected a XenHello frame, found a Hello frame", result.Reason, StringComparison.Ordinal);
    }

    public void Dispose() => _h.Dispose();
}
