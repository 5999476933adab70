using System.Globalization;
using System.Text.Json;
using FtActors.Lab;
using FtActors.Lab.Guests;
using FtActors.Lab.Topologies;
using FtActors.TestKit;

namespace FtActors.Upkeep.Tests;

/// <summary>
/// Upkeep against a real guest: a readmostly guest on a compute node whose matrix ftw rewrites a slice of
/// now and then, <c>ftactors store serve</c> on a spare node, and <c>ftactors upkeep run</c> beside the
/// guest, all as processes in the lab's namespaces over a 1 Gbit/s link.
/// </summary>
[Trait("Category", "Lab")]
public sealed class UpkeepLabTests
{
    // The test reads coverageAtScan: what the spare held of the guest as each scan saw it, before that cycle shipped.
    // The coverage after shipping hides a rewrite with --stable-scans 1 (the same cycle ships the new pages).
    [UpkeepLabFact]
    public async Task UpkeepRun_ReadmostlyGuestRewritesMatrix_CoverageReachesDropsAndRecovers()
    {
        await using var topo = await Topology.CreateAsync("uk" + Guid.NewGuid().ToString("N")[..5], 2, LinkRate.Parse("1gbit"));
        var storeDir = Path.Combine(Path.GetTempPath(), "ftactors-upkeep-lab-" + Guid.NewGuid().ToString("N"));

        // 16 MiB of the 64 MiB matrix (about 4,096 of 30,000 non-zero pages, a drop of about 0.13) is rewritten every
        // 16 iterations (several seconds under TCG): the next cycle ships it, so later scans recover before the
        // next rewrite.
        var spec = new GuestSpec("uk-" + Guid.NewGuid().ToString("N")[..6])
        {
            MemoryMiB = 256, Workload = "readmostly", Mb = 64, RewriteEvery = 16, RewriteMb = 16, NetworkNamespace = topo.Node(1).Namespace,
        };
        try
        {
            await using var guest = await QemuGuest.StartAsync(spec);
            await guest.WaitForReadyAsync(Scale(180));
            var listen = topo.Node(2).Address + ":7791";
            await using var serve = UpkeepLabFactAttribute.Cli(topo.Node(2).Namespace, "store", "serve", "--store", storeDir, "--listen", listen, "--commit-pages", "1024");
            await serve.WaitForStdoutAsync("store serve: feeding", Scale(60));
            await using var upkeep = UpkeepLabFactAttribute.Cli(topo.Node(1).Namespace,
                "upkeep", "run", "--guest", spec.Name, "--to", listen, "--budget", "64MiB", "--interval", "1s", "--stable-scans", "1", "--json");

            // Wait for the whole story: high coverage, a drop after a rewrite, high coverage again.
            var deadline = DateTime.UtcNow + Scale(240);
            (int High, int Drop, int Again)? seen = null;
            while (seen is null)
            {
                Assert.False(upkeep.HasExited, $"upkeep run exited: {upkeep.Stderr}");
                Assert.True(DateTime.UtcNow < deadline, $"coverage never went high, dropped and recovered; scans: {upkeep.Stdout} stderr: {upkeep.Stderr}");
                await Task.Delay(1000);
                seen = FindDropAndRecovery(Coverages(upkeep.Stdout));
            }

            var coverage = Coverages(upkeep.Stdout);
            Assert.True(coverage[seen.Value.Drop] <= coverage[seen.Value.High] - 0.05,
                $"scan {seen.Value.Drop + 1} should show the rewritten slice missing: {upkeep.Stdout}");
            var iterations = guest.Serial.ReadProgress().Where(l => l.Kind == FtwLineKind.Iteration).Max(l => l.Iteration);
            Assert.True(iterations >= (ulong)spec.RewriteEvery, $"the drop must come from a rewrite (first at iteration {spec.RewriteEvery}), guest is at {iterations}");

            await upkeep.StopAsync(Scale(30));
            await serve.StopAsync(Scale(60));
            Assert.Contains("store serve: stopped; store committed", serve.Stdout, StringComparison.Ordinal);
            await using var verify = UpkeepLabFactAttribute.Cli(null, "store", "verify", storeDir);
            Assert.Equal(0, await verify.WaitAsync(Scale(120)));
        }
        finally
        {
            TestCleanup.DeleteDirectory(storeDir);
        }
    }

    /// <summary>
    /// Indexes of a scan with coverage at the scan &gt;= 0.9, a later one at least 0.05 lower, and a later one &gt;= 0.9
    /// again; null until all three exist.
    /// </summary>
    private static (int High, int Drop, int Again)? FindDropAndRecovery(List<double> c)
    {
        int high = -1;
        for (int i = 0; i < c.Count; i++)
        {
            if (high < 0)
            {
                high = c[i] >= 0.9 ? i : -1;
                continue;
            }

            if (c[i] <= c[high] - 0.05)
            {
                for (int k = i + 1; k < c.Count; k++)
                {
                    if (c[k] >= 0.9)
                    {
                        return (high, i, k);
                    }
                }

                return null;
            }

            high = c[i] > c[high] ? i : high;
        }

        return null;
    }

    private static List<double> Coverages(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("coverageAtScan").GetDouble())
            .ToList();

    private static TimeSpan Scale(double seconds) => TimeSpan.FromSeconds(seconds * UpkeepLabFactAttribute.Factor);
}

/// <summary>Skips the lab test with the reason when this machine cannot run it (root, QEMU, CLI build, guest).</summary>
internal sealed class UpkeepLabFactAttribute : FactAttribute
{
    public UpkeepLabFactAttribute() => Skip = MissingReason();

    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("FTACTORS_TEST_TIMEFACTOR"), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1.0;

    /// <summary>The CLI build of the same configuration as this test assembly, unless FTACTORS_CLI_DLL names one.</summary>
    /// <summary>Starts the CLI with <paramref name="args"/>, inside <paramref name="netns"/> when it is not null.</summary>
    public static CliProcess Cli(string? netns, params string[] args) => new(CliDll, netns, args);

    public static string CliDll =>
        Environment.GetEnvironmentVariable("FTACTORS_CLI_DLL")
        ?? Path.Combine(LabPaths.RepoRoot, "src", "FtActors.Cli", "bin",
            new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug", "net10.0", "ftactors.dll");

    private static string? MissingReason()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "lab tests need Linux and root (network namespaces, tc)";
        }

        if (Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(d => File.Exists(Path.Combine(d, "qemu-system-x86_64"))) != true)
        {
            return "lab tests need qemu-system-x86_64 on PATH";
        }

        if (!File.Exists(LabPaths.Kernel) || !File.Exists(LabPaths.Initrd))
        {
            return $"lab tests need the guest at {LabPaths.Kernel} (scripts/build-guest.sh)";
        }

        return File.Exists(CliDll) ? null : $"upkeep lab tests need the ftactors CLI at {CliDll} (build src/FtActors.Cli or set FTACTORS_CLI_DLL)";
    }
}
