using FtActors.Lab.Guests;
using FtActors.Lab.Topologies;

namespace FtActors.Lab.Tests;

/// <summary>Every bad input gets a message saying expected and found, and leaves nothing running or registered.</summary>
[Trait("Category", "Lab")]
public sealed class BadInputTests
{
    [SkippableLabFact]
    public async Task StartAsync_UnknownWorkload_SaysWhichAreKnown()
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("bad-")) { Workload = "matmul", Mb = 16 };
        var e = await Assert.ThrowsAsync<GuestSpecException>(() => QemuGuest.StartAsync(spec));
        Assert.Equal("Workload", e.Field);
        Assert.Equal("unknown workload: expected one of idle, readmostly, stencil, fillfree, found 'matmul'", e.Message);
        AssertNothingLeft(spec);
    }

    [SkippableLabFact]
    public async Task StartAsync_WorkloadLargerThanGuest_SaysTheLimit()
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("bad-")) { MemoryMiB = 256, Workload = "stencil", Mb = 200 };
        var e = await Assert.ThrowsAsync<GuestSpecException>(() => QemuGuest.StartAsync(spec));
        Assert.Equal("Mb", e.Field);
        Assert.Contains("workload size 200 MiB does not fit a 256 MiB guest: expected at most 96 MiB", e.Message, StringComparison.Ordinal);
        AssertNothingLeft(spec);
    }

    [SkippableLabFact]
    public async Task StartAsync_MissingQemuBinary_NamesThePath()
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("bad-")) { QemuBinary = "/nonexistent/qemu-system-x86_64" };
        var e = await Assert.ThrowsAsync<GuestSpecException>(() => QemuGuest.StartAsync(spec));
        Assert.Equal("QemuBinary", e.Field);
        Assert.Equal("QEMU binary: expected an executable at /nonexistent/qemu-system-x86_64, found no such file", e.Message);

        var onPath = spec with { QemuBinary = "qemu-system-nonesuch" };
        var e2 = await Assert.ThrowsAsync<GuestSpecException>(() => QemuGuest.StartAsync(onPath));
        Assert.StartsWith("QEMU binary: expected 'qemu-system-nonesuch' on PATH", e2.Message, StringComparison.Ordinal);
        AssertNothingLeft(spec);
    }

    [SkippableLabFact]
    public async Task StartAsync_MissingGuestKernel_SaysHowToBuildIt()
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("bad-")) { KernelPath = "/nonexistent/vmlinuz" };
        var e = await Assert.ThrowsAsync<GuestSpecException>(() => QemuGuest.StartAsync(spec));
        Assert.Equal("guest kernel: expected a file at /nonexistent/vmlinuz, found none; build it with `ftactors lab guest build` (scripts/build-guest.sh)", e.Message);
        AssertNothingLeft(spec);
    }

    [SkippableLabFact]
    public async Task StartAsync_QemuRejectsArguments_QuotesQemuAndLeavesNothingRunning()
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("bad-")) { ExtraArgs = ["-no-such-option"] };
        var e = await Assert.ThrowsAsync<LabException>(() => QemuGuest.StartAsync(spec));
        Assert.Contains("QEMU exited with status 1 while starting", e.Message, StringComparison.Ordinal);
        Assert.Contains("-no-such-option", e.Message, StringComparison.Ordinal);
        AssertNothingLeft(spec);
    }

    [SkippableLabFact]
    public async Task StartAsync_MissingNamespace_SaysHowToCreateOne()
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("bad-")) { NetworkNamespace = "ftlab-nonesuch-1" };
        var e = await Assert.ThrowsAsync<GuestSpecException>(() => QemuGuest.StartAsync(spec));
        Assert.Equal("network namespace: expected 'ftlab-nonesuch-1' to exist (ip netns list), found none; create one with `ftactors lab topology create`", e.Message);
        AssertNothingLeft(spec);
    }

    [SkippableLabFact]
    public async Task StartAsync_NameAlreadyRunning_RefusesAndKeepsTheFirst()
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("dup-")) { MemoryMiB = 128, Ram = RamBacking.Anonymous };
        await using var first = await QemuGuest.StartAsync(spec);
        var e = await Assert.ThrowsAsync<GuestSpecException>(() => QemuGuest.StartAsync(spec));
        Assert.Equal($"guest '{spec.Name}' is already running (pid {first.Pid}); stop it with `ftactors lab guest stop {spec.Name}`", e.Message);
        Assert.True(first.IsRunning);
        Assert.Single(LabTestSupport.ChildQemuPids());
    }

    [SkippableLabFact]
    public async Task CreateAsync_NamespaceAlreadyExists_SaysHowToRemoveItAndLeavesNoNewNamespace()
    {
        var name = LabTestSupport.UniqueName("d", 5);
        var before = await Topology.ListNamespacesAsync();
        await using (var topo = await Topology.CreateAsync(name, 2, LinkRate.Unlimited))
        {
            var e = await Assert.ThrowsAsync<TopologyException>(() => Topology.CreateAsync(name, 3, LinkRate.Parse("1gbit")));
            Assert.Equal($"namespace ftlab-{name}-1 already exists; remove it with `ftactors lab topology rm {name}`", e.Message);

            // The failed attempt created nothing (no bridge namespace, no third node) and the first topology still works.
            var during = await Topology.ListNamespacesAsync();
            Assert.DoesNotContain($"ftlab-{name}-br", during);
            Assert.DoesNotContain($"ftlab-{name}-3", during);
            Assert.Contains(topo.Node(2).Namespace, during);
        }

        var after = await Topology.ListNamespacesAsync();
        Assert.Equal(before.Order(), after.Where(n => before.Contains(n) || n.Contains(name, StringComparison.Ordinal)).Order());
        Assert.DoesNotContain(after, n => n.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BadRate_SaysWhatIsAccepted()
    {
        var e = Assert.Throws<LabException>(() => LinkRate.Parse("fast"));
        Assert.Equal("link rate: expected 'unlimited' or a whole number with kbit, mbit or gbit (e.g. 1gbit, 10gbit), found 'fast'", e.Message);
        Assert.Equal(1_000_000_000L, LinkRate.Parse("1gbit").BitsPerSecond);
        Assert.Equal(125_000L, LinkRate.Parse("1gbit").BurstBytes);
        Assert.Equal(1_250_000L, LinkRate.Parse("10GBIT").BurstBytes);
        Assert.Null(LinkRate.Parse("unlimited").BitsPerSecond);
    }

    [Fact]
    public async Task CreateAsync_BadName_SaysTheRule()
    {
        var e = await Assert.ThrowsAsync<TopologyException>(() => Topology.CreateAsync("Way-Too-Long", 2, LinkRate.Unlimited));
        Assert.StartsWith("topology name: expected 1-8 characters", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("found 'Way-Too-Long'", e.Message, StringComparison.Ordinal);
    }

    private static void AssertNothingLeft(GuestSpec spec)
    {
        Assert.Empty(LabTestSupport.ChildQemuPids());
        Assert.Null(GuestRegistry.Find(spec.Name));
        Assert.False(Directory.Exists(spec.ResolvedRunDirectory), $"run directory {spec.ResolvedRunDirectory} left behind");
    }
}
