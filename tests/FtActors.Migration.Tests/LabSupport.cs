using System.Diagnostics;
using System.Globalization;
using FtActors.Lab;
using FtActors.Lab.Guests;
using FtActors.TestKit;

namespace FtActors.Migration.Tests;

/// <summary>
/// What the real-QEMU migration tests need: root, QEMU, and the <c>ftactors</c> CLI build
/// (<c>FTACTORS_CLI_DLL</c>, else the CLI build of the same configuration as the tests), run as processes
/// inside the nodes' namespaces exactly as an operator would.
/// </summary>
internal static class LabSupport
{
    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("FTACTORS_TEST_TIMEFACTOR"), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1.0;

    public static TimeSpan Scale(double seconds) => TimeSpan.FromSeconds(seconds * Factor);

    /// <summary>Starts the CLI with <paramref name="args"/> inside namespace <paramref name="netns"/>.</summary>
    public static CliProcess Cli(string netns, params string[] args) => new(CliDll, netns, args);

    public static string CliDll =>
        Environment.GetEnvironmentVariable("FTACTORS_CLI_DLL") ?? Path.Combine(LabPaths.RepoRoot, "src", "FtActors.Cli", "bin", BuildConfiguration, "net10.0", "ftactors.dll");

    // The CLI build of the same configuration as this test assembly (bin/<Configuration>/net10.0/): CI
    // builds Release, a developer's `dotnet test` builds Debug.
    private static string BuildConfiguration =>
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug";

    public static string? MissingReason()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "lab tests need Linux and root (network namespaces, tc)";
        }

        if (Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(d => File.Exists(Path.Combine(d, "qemu-system-x86_64"))) != true)
        {
            return "lab tests need qemu-system-x86_64 on PATH";
        }

        return File.Exists(CliDll) ? null : $"lab migration tests need the ftactors CLI at {CliDll} (build src/FtActors.Cli or set FTACTORS_CLI_DLL)";
    }

    public static string Unique(string prefix, int chars = 4) => prefix + Guid.NewGuid().ToString("N")[..chars];

    /// <summary>Checks every iteration line against the host's ftw and returns how many were checked.</summary>
    public static async Task<int> AssertSumsAsync(GuestSpec spec, IEnumerable<FtwLine> lines)
    {
        var n = 0;
        foreach (var line in lines.Where(l => l.Kind == FtwLineKind.Iteration))
        {
            var expected = await FtwExpect.LineAsync(spec, line.Iteration);
            Assert.Equal(expected.ToString(), (line with { Ms = null }).ToString());
            n++;
        }

        return n;
    }

    /// <summary>Null when both files are byte-identical, else the first differing offset.</summary>
    public static long? FirstDifference(string a, string b)
    {
        using var fa = File.OpenRead(a);
        using var fb = File.OpenRead(b);
        Assert.Equal(fa.Length, fb.Length);
        var pa = new byte[1 << 20];
        var pb = new byte[1 << 20];
        long offset = 0;
        while (true)
        {
            var na = fa.ReadAtLeast(pa, pa.Length, throwOnEndOfStream: false);
            var nb = fb.ReadAtLeast(pb, pb.Length, throwOnEndOfStream: false);
            if (na == 0)
            {
                return null;
            }

            var i = pa.AsSpan(0, na).CommonPrefixLength(pb.AsSpan(0, nb));
            if (i < na)
            {
                return offset + i;
            }

            offset += na;
        }
    }
}
