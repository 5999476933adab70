using System.Globalization;
using FtActors.Lab.Guests;

namespace FtActors.Lab.Tests;

/// <summary>
/// readmostly's matrix-rewrite option in a real guest: the guest's sums match the host's
/// <c>ftw expect</c> given the same option, and differ from the plain workload's from the first rewrite on.
/// </summary>
[Trait("Category", "Lab")]
public sealed class RewriteOptionTests
{
    [SkippableLabFact]
    public async Task StartAsync_ReadmostlyWithRewrite_SumsMatchExpectAndDivergeAtFirstRewrite()
    {
        var spec = new GuestSpec(LabTestSupport.UniqueName("rewrite-"))
        {
            MemoryMiB = 192, Workload = "readmostly", Mb = 16, RewriteEvery = 2, RewriteMb = 3,
        };
        Assert.EndsWith(" ft.rewrite_every=2 ft.rewrite_mb=3", spec.KernelCommandLine, StringComparison.Ordinal);
        await using (var guest = await QemuGuest.StartAsync(spec))
        {
            await guest.WaitForReadyAsync(LabTestSupport.Boot);
            await guest.WaitForIterationAsync(6, LabTestSupport.Boot);
            var iterations = guest.Serial.ReadProgress().Where(l => l.Kind == FtwLineKind.Iteration).ToList();
            Assert.True(iterations.Count >= 6, $"expected at least 6 iteration lines, found {iterations.Count}");
            foreach (var line in iterations)
            {
                var withRewrite = await ExpectAsync(line.Iteration, "--rewrite-every", "2", "--rewrite-mb", "3");
                Assert.Equal(withRewrite, (line with { Ms = null }).ToString());

                // Iteration 1 comes before the first rewrite (at 2), so it equals the plain workload's.
                var plain = await ExpectAsync(line.Iteration);
                Assert.Equal(line.Iteration < 2, plain == withRewrite);
            }
        }

        Assert.Empty(LabTestSupport.ChildQemuPids());
    }

    [SkippableLabFact]
    public async Task LineAsync_SpecWithRewrite_AsksFtwExpectWithTheRewriteOptions()
    {
        var spec = new GuestSpec("unused") { MemoryMiB = 192, Workload = "readmostly", Mb = 16, RewriteEvery = 2, RewriteMb = 3 };
        var plainSpec = spec with { RewriteEvery = 0, RewriteMb = 0 };
        for (ulong iteration = 1; iteration <= 3; iteration++)
        {
            var fromSpec = (await FtwExpect.LineAsync(spec, iteration)).ToString();
            Assert.Equal(await ExpectAsync(iteration, "--rewrite-every", "2", "--rewrite-mb", "3"), fromSpec);
            Assert.Equal(await ExpectAsync(iteration), (await FtwExpect.LineAsync(plainSpec, iteration)).ToString());

            // Iteration 1 comes before the first rewrite, so only it agrees with the plain workload.
            Assert.Equal(iteration < 2, fromSpec == (await FtwExpect.LineAsync(plainSpec, iteration)).ToString());
        }

        var stencil = new GuestSpec(LabTestSupport.UniqueName("rewrite-")) { Workload = "stencil", Mb = 16, RewriteEvery = 2, RewriteMb = 3 };
        var e = Assert.Throws<GuestSpecException>(() => stencil.Validate());
        Assert.Equal("RewriteEvery", e.Field);
        Assert.Contains("found --rewrite-every 2, --rewrite-mb 3, workload stencil", e.Message, StringComparison.Ordinal);
        var tooBig = spec with { Name = LabTestSupport.UniqueName("rewrite-"), RewriteMb = 17 };
        Assert.Equal("RewriteEvery", Assert.Throws<GuestSpecException>(() => tooBig.Validate()).Field);
    }

    private static async Task<string> ExpectAsync(ulong iteration, params string[] rewrite)
    {
        string[] args = ["expect", "readmostly", "--mb", "16", "--vector-kb", "64", .. rewrite, "--iteration", iteration.ToString(CultureInfo.InvariantCulture)];
        return FtwLineParser.Parse((await LabTestSupport.RunAsync(LabPaths.FtwHost, args)).Trim()).ToString();
    }
}
