using System.Diagnostics;
using System.Globalization;
using FtActors.Lab;
using FtActors.Lab.Guests;
using FtActors.Lab.Topologies;
using FtActors.TestKit;
using Xunit;
using FtActors.Qemu;

namespace FtActors.Node.Tests;

/// <summary>
/// <c>ftactors demo</c> interrupted at three phases (a 256 MiB guest with a 32 MiB matrix, each run under its own <c>--name</c>; 128 MiB is refused, the readmostly workload needs 160 MiB for the kernel and initramfs plus its matrix): SIGINT
/// while upkeep pre-deploys, SIGINT right after the node predicted the failure (its evacuation running), and SIGTERM
/// while the guest boots. Each time the demo exits with 130 or 143 and a message naming the signal, and nothing of it
/// is left: no <c>ftlab-NAME-*</c> namespace, no QEMU of its guests, no node process, no work directory.
/// </summary>
[Trait("Category", "Lab")]
public sealed class DemoInterruptLabTests
{
    [LabFact]
    public Task Demo_SigintDuringUpkeep_ExitsNonZeroAndLeavesNothing() =>
        InterruptAsync("coverage ", "INT", 130, "SIGINT");

    [LabFact]
    public Task Demo_SigintDuringEvacuation_ExitsNonZeroAndLeavesNothing() =>
        InterruptAsync("the node predicts", "INT", 130, "SIGINT");

    [LabFact]
    public Task Demo_SigtermWhileGuestBoots_ExitsNonZeroAndLeavesNothing() =>
        InterruptAsync("booting a 256 MiB guest", "TERM", 143, "SIGTERM");

    private static async Task InterruptAsync(string phase, string signal, int expectedExit, string signalName)
    {
        var name = "di" + Guid.NewGuid().ToString("N")[..5];
        var work = Path.Combine(Path.GetTempPath(), "ftactors-" + name);
        try
        {
            await using var demo = new CliProcess(RunningNode.CliDll, null, ["demo", "--guest-mb", "256", "--mb", "32", "--name", name]);
            await demo.WaitForStdoutAsync(phase, TestKitSettings.Dilated(TimeSpan.FromMinutes(6)));
            var pid = Pids(args => args.Contains("demo") && ArgAfter(args, "--name") == name).Single();
            using (var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var exit = await demo.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromMinutes(3)));

            Assert.True(expectedExit == exit, $"exit {exit}; stdout {demo.Stdout} stderr {demo.Stderr}");
            Assert.Contains($"demo: interrupted by {signalName}", demo.Stderr, StringComparison.Ordinal);
            Assert.Empty(Leftovers(name, work));
            Assert.DoesNotContain("\u001b", demo.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            // Only when the demo failed to clean up: leave the machine as it was for the other tests.
            foreach (var pid in Pids(args => args.Any(a => a.Contains("ftactors.node.name=" + name, StringComparison.Ordinal))))
            {
                Kill(pid);
            }

            // Each step reports its own failure: the assertion above (leftovers) is the one that must show.
            foreach (var suffix in new[] { "-src", "-src-dst", "-plain", "-plain-dst" })
            {
                await TestCleanup.RunAsync<QemuException>("stopping guest " + name + suffix, () => GuestRegistry.StopAsync(name + suffix, TimeSpan.FromSeconds(5)));
            }

            await TestCleanup.RunAsync<QemuException>("removing topology " + name, () => Topology.RemoveAsync(name));
            TestCleanup.DeleteDirectory(work);
        }
    }

    /// <summary>Everything of the run still there, in words (empty when all is gone).</summary>
    private static List<string> Leftovers(string name, string work)
    {
        var left = new List<string>();
        var netns = Process.Start(new ProcessStartInfo("ip", ["netns", "list"]) { RedirectStandardOutput = true })!;
        var namespaces = netns.StandardOutput.ReadToEnd();
        netns.WaitForExit();
        left.AddRange(namespaces.Split('\n').Where(l => l.StartsWith($"ftlab-{name}-", StringComparison.Ordinal)).Select(l => "namespace " + l));
        left.AddRange(Pids(args => args.Any(a => a.Contains(name, StringComparison.Ordinal))).Select(p => $"process {p}: {string.Join(' ', Args(p))}"));
        left.AddRange(new[] { "-src", "-src-dst", "-plain", "-plain-dst" }.Where(s => GuestRegistry.Find(name + s) is not null).Select(s => "registered guest " + name + s));
        if (Directory.Exists(work))
        {
            left.Add("directory " + work);
        }

        return left;
    }

    private static string? ArgAfter(string[] args, string option)
    {
        var i = Array.IndexOf(args, option);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Processes whose command line matches; a process that ends while being read is skipped.</summary>
    private static List<int> Pids(Func<string[], bool> match)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && match(Args(pid)))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    private static string[] Args(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
