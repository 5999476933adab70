using System.Diagnostics;
using FtActors.Qemu.Qmp;
using FtActors.TestKit;

namespace FtActors.Images.Tests;

/// <summary>
/// A small QEMU guest for the lab tests: RAM on a shared file, QMP on a socket, the lab kernel and initramfs
/// when scripts/build-guest.sh has produced them (firmware only otherwise).
/// </summary>
internal sealed class LabGuest : IAsyncDisposable
{
    public const string RamBlock = "mem0";

    private readonly Process _process;

    private readonly bool _ownsDirectory;

    private LabGuest(Process process, string directory, string name, QmpClient qmp, long ramBytes, bool booted, bool ownsDirectory)
    {
        _process = process;
        _ownsDirectory = ownsDirectory;
        Name = name;
        Directory = directory;
        Qmp = qmp;
        RamBytes = ramBytes;
        Booted = booted;
    }

    public string Directory { get; }

    public QmpClient Qmp { get; }

    public long RamBytes { get; }

    public bool Booted { get; }

    public string Name { get; }

    public string RamFile => Path.Combine(Directory, Name + ".ram");

    public static double TimeFactor =>
        double.TryParse(Environment.GetEnvironmentVariable("FTACTORS_TEST_TIMEFACTOR"), System.Globalization.CultureInfo.InvariantCulture, out double f) && f > 0 ? f : 1;

    /// <summary>
    /// Starts QEMU. With <paramref name="incoming"/> it waits paused (-S, -incoming defer) for a stream to load,
    /// in the directory of an earlier guest.
    /// </summary>
    public static async Task<LabGuest> StartAsync(int ramMiB, string name = "src", string? directory = null, bool incoming = false)
    {
        bool owns = directory is null;
        directory ??= Path.Combine(Path.GetTempPath(), "ftimg-lab-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        string root = RepositoryRoot();
        string kernel = Path.Combine(root, ".lab/guest/vmlinuz");
        string initrd = Path.Combine(root, ".lab/guest/initrd.img");
        bool boot = File.Exists(kernel) && File.Exists(initrd);
        string qmpSocket = Path.Combine(directory, name + ".qmp");
        var start = new ProcessStartInfo(LabFactAttribute.Qemu) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
        {
            "-M", "pc", "-accel", "tcg", "-m", $"{ramMiB}M", "-nodefaults", "-display", "none", "-no-user-config",
            "-object", $"memory-backend-file,id={RamBlock},size={ramMiB}M,mem-path={Path.Combine(directory, name + ".ram")},share=on",
            "-machine", $"memory-backend={RamBlock}",
            "-serial", $"file:{Path.Combine(directory, name + ".serial")}",
            "-qmp", $"unix:{qmpSocket},server=on,wait=off",
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (boot)
        {
            foreach (var arg in new[] { "-kernel", kernel, "-initrd", initrd, "-append", "console=ttyS0 quiet ft.workload=readmostly ft.mb=16" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        if (incoming)
        {
            start.ArgumentList.Add("-S");
            start.ArgumentList.Add("-incoming");
            start.ArgumentList.Add("defer");
        }

        var process = Process.Start(start)!;
        try
        {
            var qmp = await QmpClient.ConnectAsync(qmpSocket, TimeSpan.FromSeconds(30 * TimeFactor));
            qmp.CommandTimeout = TimeSpan.FromSeconds(300 * TimeFactor);
            return new LabGuest(process, directory, name, qmp, (long)ramMiB << 20, boot, owns);
        }
        catch
        {
            process.Kill();
            throw;
        }
    }

    /// <summary>Waits until the guest's workload has started (serial console line), or returns false at the deadline.</summary>
    public async Task<bool> WaitForWorkloadAsync()
    {
        string log = Path.Combine(Directory, Name + ".serial");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120 * TimeFactor);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(log) && (await File.ReadAllTextAsync(log)).Contains("ftw-init: workload=", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    /// <summary>Loads a stream file into this (incoming, paused) guest and waits until it is loaded.</summary>
    public async Task LoadFromFileAsync(string file)
    {
        await Qmp.ExecuteAsync("migrate-incoming", new System.Text.Json.Nodes.JsonObject { ["uri"] = "file:" + file });
        var info = await Qmp.WaitForMigrationAsync(TimeSpan.FromSeconds(300 * TimeFactor), TimeSpan.FromMilliseconds(200));
        Assert.Equal("completed", info.Status);
    }

    public async Task MigrateToFileAsync(string file)
    {
        await Qmp.MigrateAsync("file:" + file);
        var info = await Qmp.WaitForMigrationAsync(TimeSpan.FromSeconds(300 * TimeFactor), TimeSpan.FromMilliseconds(200));
        Assert.Equal("completed", info.Status);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FtActors.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? "/work/main";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Qmp.QuitAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Quitting is best effort; the process is killed below regardless.
        }

        await Qmp.DisposeAsync();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill();
        }

        _process.Dispose();
        if (_ownsDirectory && Environment.GetEnvironmentVariable("FTACTORS_KEEP_LAB_IMAGES") is null)
        {
            TestCleanup.DeleteDirectory(Directory);
        }
    }
}
