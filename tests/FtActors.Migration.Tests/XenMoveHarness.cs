using System.Net;
using System.Net.Sockets;
using FtActors.Images;
using FtActors.Migration.Xen;
using FtActors.Pages;
using FtActors.Remoting;
using FtActors.Store;
using FtActors.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Migration.Tests;

/// <summary>Runs Xen image moves over loopback sockets and compares images the way the brief defines equivalence.</summary>
internal sealed class XenMoveHarness : IDisposable
{
    public XenMoveHarness() => Directory = System.IO.Directory.CreateTempSubdirectory("ftxen-").FullName;

    public string Directory { get; }

    public static IPageBatchEngine Engine => PageEngines.Default;

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public string Write(string name, byte[] bytes)
    {
        var path = Path(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>An xl save (xl header, libxl v2, libxc v3 little-endian PV image) of these batches.</summary>
    public static byte[] Xl(IReadOnlyList<XenEntry[]> batches) => XenImages.Xl(XenImages.Libxl(XenImages.Libxc(batches)));

    /// <summary>Entries for pfns first.. with the given type, seeds from <paramref name="seed"/> on.</summary>
    public static XenEntry[] Batch(ulong first, int count, int type, int seed) =>
        Enumerable.Range(0, count).Select(i => new XenEntry(first + (ulong)i, type, seed + i)).ToArray();

    /// <summary>Builds a store the way <c>ftactors store build</c> does from an image (every non-zero page, pagetables as saved).</summary>
    public string Store(string name, string image)
    {
        var dir = Path(name);
        using var writer = PageStoreWriter.Create(dir);
        using var source = GuestImagePageSource.Open(image);
        writer.AddScan("guest", [source], new SelectionOptions(), DateTimeOffset.UnixEpoch);
        writer.Commit();
        return dir;
    }

    /// <summary>Moves <paramref name="image"/> to <paramref name="output"/> over a loopback socket.</summary>
    public static async Task<(XenMoveReport Report, XenReceiveResult Result)> MoveAsync(
        string image, string output, string? store, TlsOptions? receiverTls = null, TlsOptions? senderTls = null)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var timeout = TimeSpan.FromSeconds(60 * TimeFactor);
        var receiver = new XenImageReceiver(
            new XenReceiveOptions { Listen = new IPEndPoint(IPAddress.Loopback, port), Output = output, StorePath = store, Tls = receiverTls, IdleTimeout = timeout },
            Engine, NullLogger.Instance);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiving = Task.Run(() => receiver.RunOnceAsync(() => ready.TrySetResult()));
        await ready.Task.WaitAsync(timeout);
        var sender = new XenImageSender(new XenSendOptions { Image = image, Host = "127.0.0.1", Port = port, Tls = senderTls, AckTimeout = timeout }, Engine, NullLogger.Instance);
        var report = await sender.SendAsync().WaitAsync(timeout * 2);
        var result = await receiving.WaitAsync(timeout * 2);
        return (report, result);
    }

    public static double TimeFactor =>
        double.TryParse(Environment.GetEnvironmentVariable("FTACTORS_TEST_TIMEFACTOR"), System.Globalization.CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1;

    /// <summary>
    /// Reads both images with the project's Xen reader: every frame gives the same type and bytes (by hash),
    /// and the frame maps and format facts agree.
    /// </summary>
    public static void AssertSameGuestMemory(string expected, string actual)
    {
        using var a = ImageReader.Open(expected);
        using var b = ImageReader.Open(actual);
        Assert.Equal(a.Format, b.Format);
        Assert.Equal(Frames(a), Frames(b));
        Assert.Equal(a.Properties.OrderBy(p => p.Key), b.Properties.OrderBy(p => p.Key));
        Assert.NotNull(a.Xen);
        Assert.Equal(a.Xen!.P2mFramePfns, b.Xen!.P2mFramePfns);
        Assert.Equal(a.Xen with { P2mFramePfns = [] }, b.Xen with { P2mFramePfns = [] });
    }

    private static List<(ulong Frame, PageType Type, PageHash Hash)> Frames(IGuestImage image)
    {
        var frames = new List<(ulong, PageType, PageHash)>();
        foreach (var batch in image.ReadBatches())
        {
            for (int i = 0; i < batch.Count; i++)
            {
                frames.Add((batch.Frames[i], batch.Types[i], Engine.Hash(batch.Page(i))));
            }
        }

        return frames;
    }

    /// <summary>Nothing but the output may be left at the spare: no partial image, no slot file.</summary>
    public static void AssertNoTemporaryFiles(string output)
    {
        Assert.False(File.Exists(output + ".partial"), "the partial image must be removed");
        Assert.False(File.Exists(output + ".slots"), "the slot file must be removed");
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory; leaving it behind fails nothing.
        }
    }
}
