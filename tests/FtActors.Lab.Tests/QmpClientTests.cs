using System.Diagnostics;
using FtActors.Qemu.Qmp;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Lab.Tests;

/// <summary>QMP against a real QEMU with no machine at all (<c>-M none</c>): fast, and needs no guest image.</summary>
[Trait("Category", "Lab")]
public sealed class QmpClientTests
{
    [SkippableLabFact]
    public async Task ExecuteAsync_QueryStatusStopCont_ReportsStateAndEvents()
    {
        await using var qemu = await BareQemu.StartAsync();
        await using var qmp = await QmpClient.ConnectAsync(qemu.SocketPath, TestTime.Scale(TimeSpan.FromSeconds(20)));

        Assert.StartsWith("10.", qmp.Greeting.VersionText, StringComparison.Ordinal);
        var status = await qmp.QueryStatusAsync();
        Assert.Contains(status.Status, new[] { "paused", "prelaunch" });
        Assert.False(status.Running);

        var resumed = qmp.WaitForEventAsync("RESUME", TestTime.Scale(TimeSpan.FromSeconds(20)));
        await qmp.ContAsync();
        var ev = await resumed;
        Assert.Equal("RESUME", ev.Name);
        Assert.True((await qmp.QueryStatusAsync()).Running);

        var seen = new List<string>();
        using (qmp.Subscribe(e => { lock (seen) { seen.Add(e.Name); } }))
        {
            var stopped = qmp.WaitForEventAsync("STOP", TestTime.Scale(TimeSpan.FromSeconds(20)));
            await qmp.StopAsync();
            await stopped;
        }

        lock (seen)
        {
            Assert.Contains("STOP", seen);
        }
    }

    [SkippableLabFact]
    public async Task ExecuteAsync_UnknownCommand_ThrowsQmpExceptionWithClass()
    {
        await using var qemu = await BareQemu.StartAsync();
        await using var qmp = await QmpClient.ConnectAsync(qemu.SocketPath, TestTime.Scale(TimeSpan.FromSeconds(20)));

        var e = await Assert.ThrowsAsync<QmpException>(() => qmp.ExecuteAsync("no-such-command"));
        Assert.Equal("CommandNotFound", e.ErrorClass);
        Assert.Equal("no-such-command", e.Command);
        Assert.Contains("no-such-command", e.Message, StringComparison.Ordinal);

        var m = await qmp.QueryMigrateAsync();
        Assert.Equal("none", m.Status);
        Assert.False(m.IsFinished);
    }

    [SkippableLabFact]
    public async Task QuitAsync_QemuExits_WaitingCommandsFailAndClosedCompletes()
    {
        await using var qemu = await BareQemu.StartAsync();
        await using var qmp = await QmpClient.ConnectAsync(qemu.SocketPath, TestTime.Scale(TimeSpan.FromSeconds(20)));
        var never = qmp.WaitForEventAsync("NEVER", TestTime.Scale(TimeSpan.FromSeconds(60)));

        await qmp.QuitAsync();
        await qmp.Closed.WaitAsync(TestTime.Scale(TimeSpan.FromSeconds(20)));

        await Assert.ThrowsAsync<QmpProtocolException>(() => never);
        await Assert.ThrowsAsync<QmpProtocolException>(() => qmp.QueryStatusAsync());
        Assert.True(qemu.Process.WaitForExit(TestTime.Scale(TimeSpan.FromSeconds(20))));
    }

    /// <summary>A paused QEMU with no machine, just a QMP socket.</summary>
    private sealed class BareQemu : IAsyncDisposable
    {
        private readonly string _dir;

        private BareQemu(string dir, Process process)
        {
            _dir = dir;
            Process = process;
        }

        public Process Process { get; }

        public string SocketPath => Path.Combine(_dir, "qmp.sock");

        public static Task<BareQemu> StartAsync()
        {
            var dir = Directory.CreateTempSubdirectory("ftlab-qmp-").FullName;
            var psi = new ProcessStartInfo("qemu-system-x86_64")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var a in new[] { "-M", "none", "-nodefaults", "-display", "none", "-S", "-qmp", $"unix:{Path.Combine(dir, "qmp.sock")},server=on,wait=off" })
            {
                psi.ArgumentList.Add(a);
            }

            var p = Process.Start(psi) ?? throw new InvalidOperationException("qemu did not start");
            return Task.FromResult(new BareQemu(dir, p));
        }

        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                await Process.WaitForExitAsync();
            }

            Process.Dispose();
            FileCleanup.TryDeleteDirectory(_dir, NullLogger.Instance);
        }
    }
}
