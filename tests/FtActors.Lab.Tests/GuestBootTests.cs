using FtActors.Lab.Guests;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Lab.Tests;

/// <summary>Each ftw workload in a real TCG guest: progress on the serial console with the sums the host computes.</summary>
[Trait("Category", "Lab")]
public sealed class GuestBootTests
{
    [SkippableLabTheory]
    [InlineData("idle", 0)]
    [InlineData("readmostly", 32)]
    [InlineData("stencil", 32)]
    [InlineData("fillfree", 32)]
    public async Task StartAsync_EachWorkload_PrintsSumsFtwExpectAgreesWith(string workload, int mb)
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("boot-" + workload + "-")) { MemoryMiB = 192, Workload = workload, Mb = mb };
        await using (var guest = await QemuGuest.StartAsync(spec))
        {
            Assert.True(guest.IsRunning);
            Assert.NotNull(GuestRegistry.Find(spec.Name));
            var ready = await guest.WaitForReadyAsync(LabTestSupport.Boot);
            Assert.Equal(workload, FtwLineParser.Parse(ready).Workload);
            await guest.WaitForIterationAsync(3, LabTestSupport.Boot);

            var progress = guest.Serial.ReadProgress();
            await LabTestSupport.AssertSumsMatchAsync(spec, progress, atLeast: 3);
            if (workload == "fillfree")
            {
                Assert.Contains(progress, p => p.Kind == FtwLineKind.Freed && p.Mb == 32);
            }

            var status = await guest.Qmp.QueryStatusAsync();
            Assert.Equal(("running", true), (status.Status, status.Running));
            Assert.True(File.Exists(guest.RamPath));
            Assert.Equal(192L << 20, new FileInfo(guest.RamPath!).Length);
        }

        Assert.Null(GuestRegistry.Find(spec.Name));
        Assert.False(Directory.Exists(spec.ResolvedRunDirectory));
        Assert.Empty(LabTestSupport.ChildQemuPids());
    }

    [SkippableLabFact]
    public async Task GuestRegistry_GuestStartedElsewhere_IsListedAndStoppedByName()
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("reg-")) { MemoryMiB = 128, Ram = RamBacking.Anonymous, KeepRunDirectory = true };
        var guest = await QemuGuest.StartAsync(spec);
        var pid = guest.Pid;
        await guest.DetachAsync();

        var listed = Assert.Single(GuestRegistry.List(), g => g.Name == spec.Name);
        Assert.Equal(pid, listed.Pid);
        Assert.Null(listed.RamFile);
        Assert.True(ProcessControl.IsAlive(pid, listed.PidStartTime));

        Assert.True(await GuestRegistry.StopAsync(spec.Name, TestTime.Scale(TimeSpan.FromSeconds(10))));
        Assert.False(ProcessControl.IsAlive(pid, listed.PidStartTime));
        Assert.Null(GuestRegistry.Find(spec.Name));
        Assert.False(await GuestRegistry.StopAsync(spec.Name, TimeSpan.FromSeconds(1)));

        // Kept: the serial log survives the guest, the registry record does not.
        Assert.True(File.Exists(Path.Combine(spec.ResolvedRunDirectory, "serial.log")));
        Directory.Delete(spec.ResolvedRunDirectory, recursive: true);
    }

    [Fact]
    public void GuestRegistry_StaleRecord_IsRemovedWhenListed()
    {
        var runRoot = Directory.CreateTempSubdirectory("ftlab-reg-").FullName;
        try
        {
            var dir = Path.Combine(runRoot, "ghost");
            // PID 1 with an impossible start time stands for "that process is long gone, the PID was reused".
            GuestRegistry.Write(new GuestState("ghost", 1, -5, Path.Combine(dir, "qmp.sock"), Path.Combine(dir, "serial.log"), null, null, dir,
                "idle", 128, 0, null, false, DateTimeOffset.UtcNow));
            Assert.True(File.Exists(Path.Combine(dir, "state.json")));

            Assert.Empty(GuestRegistry.List(runRoot));
            Assert.False(Directory.Exists(dir));
        }
        finally
        {
            // Never over the assertion that failed: a leftover temporary directory fails nothing.
            FileCleanup.TryDeleteDirectory(runRoot, NullLogger.Instance);
        }
    }
}
