using System.Diagnostics;

namespace FtActors.Store.Tests;

/// <summary>
/// Runs the writer as a child process and SIGKILLs it at every write, fsync, rename and truncate of a
/// commit (FTACTORS_STORE_CRASH_AFTER=N), then checks the store left behind verifies and reads exactly
/// as the old store or the new one (or, for two commits, the one in between), never anything else.
/// SIGKILL keeps the page cache, so this proves the ordering of renames and slot reuse, not fsync
/// against power loss; the fsyncs are there for that, in the same order.
/// </summary>
[Trait("Category", "MultiProcess")]
public class CrashSafetyTests
{
    private static readonly TimeSpan ChildTimeout =
        TimeSpan.FromSeconds(60 * double.Parse(Environment.GetEnvironmentVariable("FTACTORS_TEST_TIMEFACTOR") ?? "1", System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(CrashScenario.Add)]
    [InlineData(CrashScenario.Gc)]
    [InlineData(CrashScenario.GcThenAdd)]
    public void Writer_KilledAtEveryCrashPoint_StoreIsOldOrNewNeverTorn(string op)
    {
        string root = TestData.TempDir();
        string baseDir = Path.Combine(root, "base");
        CrashScenario.PrepareBase(baseDir);
        string oldContent = TestData.Content(baseDir);

        var allowed = new Dictionary<string, string> { [oldContent] = "old" };
        string expectedDir = Copy(baseDir, Path.Combine(root, "expected"));
        if (op == CrashScenario.GcThenAdd)
        {
            string midDir = Copy(baseDir, Path.Combine(root, "mid"));
            CrashScenario.Run(CrashScenario.Gc, midDir);
            allowed[TestData.Content(midDir)] = "mid";
        }

        CrashScenario.Run(op, expectedDir);
        string newContent = TestData.Content(expectedDir);
        Assert.NotEqual(oldContent, newContent);
        allowed[newContent] = "new";

        var seen = new Dictionary<string, int>();
        int crashes = 0;
        for (int n = 1; n < 500; n++)
        {
            string work = Copy(baseDir, Path.Combine(root, $"run{n}"));
            (int exit, string stderr) = RunChild(op, work, n);
            VerifyReport report = StoreVerifier.Verify(work);
            Assert.True(report.Ok, $"crash after step {n} ({stderr.Trim()}): verify found {string.Join("; ", report.Problems)}");
            string content = TestData.Content(work);
            Assert.True(allowed.TryGetValue(content, out string? which), $"crash after step {n} ({stderr.Trim()}): store matches neither the old nor the new content");
            seen[which!] = seen.GetValueOrDefault(which!) + 1;
            Directory.Delete(work, recursive: true);
            if (exit == 0)
            {
                Assert.Equal("new", which);
                break;
            }

            crashes++;
            Assert.Contains("crash point", stderr);
        }

        Assert.True(crashes >= 5, $"expected at least 5 crash points, found {crashes}");
        Assert.True(seen.ContainsKey("old"));
        Assert.True(seen.ContainsKey("new"));
        if (op == CrashScenario.GcThenAdd)
        {
            Assert.True(seen.ContainsKey("mid"));
        }
    }

    private static (int Exit, string Stderr) RunChild(string op, string dir, int crashAfter)
    {
        string dll = typeof(CrashScenario).Assembly.Location;
        string host = Environment.ProcessPath is string p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("crash-child");
        psi.ArgumentList.Add(op);
        psi.ArgumentList.Add(dir);
        psi.Environment["FTACTORS_STORE_CRASH_AFTER"] = crashAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using Process child = Process.Start(psi)!;
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        if (!child.WaitForExit(ChildTimeout))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail($"crash child {op} with crash point {crashAfter} did not finish within {ChildTimeout}");
        }

        child.WaitForExit();
        string err = stderr.GetAwaiter().GetResult() + stdout.GetAwaiter().GetResult();
        if (child.ExitCode != 0 && !err.Contains("crash point", StringComparison.Ordinal))
        {
            Assert.Fail($"crash child {op} failed without reaching crash point {crashAfter}: exit {child.ExitCode}: {err}");
        }

        return (child.ExitCode, err);
    }

    private static string Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            if (Path.GetFileName(file) != "writer.lock")
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }

        return to;
    }
}
