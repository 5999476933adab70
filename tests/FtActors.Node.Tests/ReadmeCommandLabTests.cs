using System.Diagnostics;
using FtActors.Lab;
using FtActors.Lab.Guests;
using FtActors.Lab.Topologies;
using FtActors.TestKit;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>
/// The README's first command run the way a newcomer runs it: the line from README.md itself, through bash, from
/// the repository root, with <c>FTACTORS_LAB_DIR</c> pointing at a new empty directory (a fresh clone has no
/// <c>.lab/</c>: no topology records, no run directories, no guest image; the script's setup builds the guest
/// there). And the lab commands a user may run first, on the same kind of empty lab directory.
/// </summary>
[Trait("Category", "Lab")]
public sealed class ReadmeCommandLabTests
{
    private const string DemoCommand = "scripts/ftactors demo";

    [LabFact]
    public async Task ReadmeFirstCommand_EmptyLabDirectory_RunsTheDemoToTheEndAndPrintsTheTable()
    {
        var repo = LabPaths.RepoRoot;
        var command = ReadmeCommands(repo)[0];
        Assert.Equal(DemoCommand, command);
        var lab = Directory.CreateTempSubdirectory("ftactors-readme-lab-").FullName;
        try
        {
            await using var demo = CliProcess.Shell(command, repo, new Dictionary<string, string> { ["FTACTORS_LAB_DIR"] = lab });
            var exit = await demo.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromMinutes(15)));

            Assert.True(exit == 0, $"exit {exit}; stdout {demo.Stdout} stderr {demo.Stderr}");
            var rows = TableRows(demo.Stdout);
            Assert.Contains("moved over 1gbit", demo.Stdout, StringComparison.Ordinal);
            Assert.Equal(["yes"], rows["done before the predicted failure"]);
            Assert.Equal(["correct", "correct"], rows["guest result after the move"]);
            Assert.Equal(2, rows["bytes on the wire"].Length);
            Assert.All(rows["bytes on the wire"], b => Assert.EndsWith(" MB", b, StringComparison.Ordinal));
            Assert.Equal(2, rows["downtime"].Length);
            Assert.DoesNotContain("\u001b", demo.Stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(lab, "guest", "vmlinuz")), "the script's setup built the guest into the empty lab directory");
            Assert.Empty(GuestRegistry.List(Path.Combine(lab, "run")));
            Assert.DoesNotContain(await Topology.ListNamespacesAsync(), n => n.StartsWith("ftlab-demo-", StringComparison.Ordinal));
        }
        finally
        {
            // Only when the demo failed to clean up after itself.
            await GuestRegistry.StopAllAsync(TimeSpan.FromSeconds(5), Path.Combine(lab, "run"));
            await Topology.RemoveAsync("demo");
            FileCleanup.DeleteDirectoryIfPresent(lab);
        }
    }

    [LabFact]
    public async Task LabCommands_EmptyLabDirectory_AnswerWithoutError()
    {
        var lab = Directory.CreateTempSubdirectory("ftactors-empty-lab-").FullName;
        var env = new Dictionary<string, string> { ["FTACTORS_LAB_DIR"] = lab };
        try
        {
            Assert.Equal(0, (await RunAsync("lab topology list", env)).Exit);
            Assert.Equal(0, (await RunAsync("lab guest list", env)).Exit);
            var rm = await RunAsync("lab topology rm nosuch", env);
            Assert.Equal(0, rm.Exit);
            Assert.Contains("no namespaces named ftlab-nosuch-* were there", rm.Stderr, StringComparison.Ordinal);
            var stop = await RunAsync("lab guest stop nosuch", env);
            Assert.Equal(1, stop.Exit);
            Assert.Contains("no running guest named 'nosuch'", stop.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, (await RunAsync("lab guest stop --all", env)).Exit);
            var log = await RunAsync("lab guest log nosuch", env);
            Assert.Equal(1, log.Exit);
            Assert.Contains("no serial log for 'nosuch'", log.Stderr, StringComparison.Ordinal);

            // These two remove every ftlab-* namespace, so they run where no namespace is visible: a private mount
            // namespace with an empty /run/netns (the other lab tests' namespaces are untouched).
            Directory.CreateDirectory("/run/netns");
            foreach (var all in new[] { "lab cleanup", "lab topology rm --all" })
            {
                var r = await RunAsync(all, env, "unshare --mount --propagation private sh -c 'mount -t tmpfs ftactors-test /run/netns && exec \"$@\"' sh");
                Assert.True(r.Exit == 0, $"{all}: exit {r.Exit}; stdout {r.Stdout} stderr {r.Stderr}");
                Assert.DoesNotContain("removed namespace", r.Stdout, StringComparison.Ordinal);
            }

            Assert.False(Directory.Exists(Path.Combine(lab, "topologies")), "a listing or removal created no records");
        }
        finally
        {
            FileCleanup.DeleteDirectoryIfPresent(lab);
        }
    }

    /// <summary>The command lines of the README's first code block, comments stripped.</summary>
    private static List<string> ReadmeCommands(string repo)
    {
        var lines = File.ReadAllLines(Path.Combine(repo, "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("```", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no code block");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal))
            .Select(l => (l.Contains('#', StringComparison.Ordinal) ? l[..l.IndexOf('#', StringComparison.Ordinal)] : l).Trim())
            .Where(l => l.Length > 0)
            .ToList();
    }

    /// <summary>
    /// The rows of the demo's comparison table: first cell → the other cells, trimmed, "-" left out. A row that a
    /// narrow layout wrapped onto more lines (first cell empty on the next line) is joined back.
    /// </summary>
    private static Dictionary<string, string[]> TableRows(string stdout)
    {
        var rows = new List<string[]>();
        foreach (var line in stdout.Split('\n'))
        {
            var cells = line.Split('│');
            if (cells.Length < 4)
            {
                continue;
            }

            var values = cells[1..^1].Select(c => c.Trim()).ToArray();
            if (values[0].Length == 0 && rows.Count > 0)
            {
                var last = rows[^1];
                rows[^1] = last.Zip(values, (a, b) => b.Length == 0 ? a : a + " " + b).ToArray();
            }
            else
            {
                rows.Add(values);
            }
        }

        Assert.True(rows.Count > 0, "no table in the demo's output: " + stdout);
        return rows.ToDictionary(r => r[0], r => r[1..].Where(v => v != "-").ToArray(), StringComparer.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string args, Dictionary<string, string> env, string? wrapper = null)
    {
        var cli = "dotnet '" + RunningNode.CliDll + "' " + args;
        await using var p = CliProcess.Shell(wrapper is null ? cli : wrapper + " " + cli, Path.GetTempPath(), env);
        var exit = await p.WaitAsync(TestKitSettings.Dilated(TimeSpan.FromMinutes(1)));
        return (exit, p.Stdout, p.Stderr);
    }
}
