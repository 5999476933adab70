using System.Globalization;
using FtActors.Lab.Guests;

namespace FtActors.Lab.Tests;

/// <summary>Shared pieces of the real-QEMU tests: unique names, sum checks, process and file checks.</summary>
internal static class LabTestSupport
{
    /// <summary>A name unique to this run, short enough for topology names (8 chars) when asked.</summary>
    public static string UniqueName(string prefix, int randomChars = 4) =>
        prefix + Guid.NewGuid().ToString("N")[..randomChars];

    /// <summary>
    /// Checks every iteration line in <paramref name="lines"/> against the host's <c>ftw expect</c>,
    /// and that there are at least <paramref name="atLeast"/> of them. Returns the iterations checked.
    /// </summary>
    public static async Task<IReadOnlyList<ulong>> AssertSumsMatchAsync(GuestSpec spec, IEnumerable<FtwLine> lines, int atLeast)
    {
        var iterations = lines.Where(l => l.Kind == FtwLineKind.Iteration).ToList();
        Assert.True(iterations.Count >= atLeast, $"expected at least {atLeast} iteration lines, found {iterations.Count}");
        foreach (var line in iterations)
        {
            var expected = await FtwExpect.LineAsync(spec, line.Iteration);
            Assert.Equal(expected.ToString(), (line with { Ms = null }).ToString());
        }

        return iterations.Select(l => l.Iteration).ToList();
    }

    /// <summary>QEMU processes that are children of this test process (there should be none after a test).</summary>
    public static IReadOnlyList<int> ChildQemuPids()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var result = new List<int>();
        foreach (var task in Directory.GetDirectories($"/proc/{self}/task"))
        {
            string children;
            try
            {
                children = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (IOException)
            {
                // The thread exited between the listing and the read: it has no children to report.
                continue;
            }

            foreach (var text in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var pid = int.Parse(text, CultureInfo.InvariantCulture);
                try
                {
                    var comm = File.ReadAllText($"/proc/{text}/comm").Trim();
                    if (comm.StartsWith("qemu", StringComparison.Ordinal) || comm == "sh" || comm == "ip")
                    {
                        result.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // Exited while we looked.
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Compares two memory dumps page by page; returns null when equal, else the offset of the first
    /// differing 4 KiB page and how many pages differ.
    /// </summary>
    public static (long FirstOffset, long Pages)? CompareDumps(string a, string b)
    {
        using var fa = File.OpenRead(a);
        using var fb = File.OpenRead(b);
        Assert.Equal(fa.Length, fb.Length);
        var pa = new byte[1 << 20];
        var pb = new byte[1 << 20];
        long offset = 0, first = -1, pages = 0;
        while (true)
        {
            var na = fa.ReadAtLeast(pa, pa.Length, throwOnEndOfStream: false);
            var nb = fb.ReadAtLeast(pb, pb.Length, throwOnEndOfStream: false);
            Assert.Equal(na, nb);
            if (na == 0)
            {
                break;
            }

            for (var p = 0; p < na; p += 4096)
            {
                var len = Math.Min(4096, na - p);
                if (!pa.AsSpan(p, len).SequenceEqual(pb.AsSpan(p, len)))
                {
                    pages++;
                    if (first < 0)
                    {
                        first = offset + p;
                    }
                }
            }

            offset += na;
        }

        return first < 0 ? null : (first, pages);
    }

    /// <summary>Runs a command and returns its stdout, failing the test on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var r = await ProcessRunner.RunAsync(file, args, TestTime.Scale(TimeSpan.FromSeconds(30)));
        Assert.True(r.Succeeded, $"{r.CommandLine} failed ({r.ExitCode}): {r.StandardError}");
        return r.StandardOutput;
    }

    /// <summary>Standard timeouts for guest work under TCG on a loaded machine.</summary>
    public static TimeSpan Boot => TestTime.Scale(TimeSpan.FromSeconds(120));

    public static TimeSpan Migration => TestTime.Scale(TimeSpan.FromSeconds(240));
}
