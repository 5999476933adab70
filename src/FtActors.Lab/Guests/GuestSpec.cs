using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace FtActors.Lab.Guests;

/// <summary>
/// Everything needed to boot one lab guest: the QEMU machine, the ftw workload it runs (passed on
/// the kernel command line), where its RAM lives, and where QEMU runs (which network namespace,
/// listening for an incoming migration or not).
/// </summary>
public sealed partial record GuestSpec
{
    /// <summary>The workloads the guest's ftw program knows.</summary>
    public static readonly IReadOnlyList<string> Workloads = ["idle", "readmostly", "stencil", "fillfree"];

    /// <summary>
    /// Guest memory the workload cannot use: kernel, initramfs and page tables. Measured: a 1024 MiB
    /// guest reports MemTotal 983,744 kB and a 256 MiB one 210,752 kB, so about 45-50 MiB is gone
    /// before user space starts; the rest is margin so the workload never meets the OOM killer.
    /// </summary>
    public const int ReservedMiB = 160;

    /// <summary>Creates a spec for a guest called <paramref name="name"/> (lowercase letters, digits, '-').</summary>
    public GuestSpec(string name)
    {
        Name = name;
    }

    /// <summary>The guest's name: its run directory and registry key.</summary>
    public string Name { get; init; }

    /// <summary>Guest RAM in MiB.</summary>
    public int MemoryMiB { get; init; } = 256;

    /// <summary>QEMU machine type; the lab's measurements use <c>pc</c>.</summary>
    public string Machine { get; init; } = "pc";

    /// <summary>idle, readmostly, stencil or fillfree.</summary>
    public string Workload { get; init; } = "idle";

    /// <summary>Workload data size in MiB (readmostly, stencil, fillfree need it &gt; 0).</summary>
    public int Mb { get; init; }

    /// <summary>Iterations before ftw stops; 0 runs forever.</summary>
    public long Iterations { get; init; }

    /// <summary>Size of each readmostly vector in KiB (the part rewritten every iteration).</summary>
    public int VectorKb { get; init; } = 64;

    /// <summary>
    /// readmostly only: every this many iterations ftw first rewrites <see cref="RewriteMb"/> MiB of the
    /// matrix with new content (the next slice each time), so stores built from the guest go partly
    /// stale. 0 (default) never rewrites, and the sums are those of the plain workload.
    /// </summary>
    public long RewriteEvery { get; init; }

    /// <summary>How many MiB of the matrix each rewrite replaces (1 to <see cref="Mb"/>); used when <see cref="RewriteEvery"/> &gt; 0.</summary>
    public int RewriteMb { get; init; }

    /// <summary>Shared file backend (default) or anonymous memory.</summary>
    public RamBacking Ram { get; init; } = RamBacking.SharedFile;

    /// <summary>The RAM file for <see cref="RamBacking.SharedFile"/>; default <c>ram</c> in the run directory.</summary>
    public string? RamPath { get; init; }

    /// <summary>Adds a virtio-balloon with free-page reporting (freed guest pages become holes in the RAM file).</summary>
    public bool BalloonFreePageReporting { get; init; }

    /// <summary>Adds a virtio-balloon with free-page hinting (QEMU skips free pages during migration).</summary>
    public bool BalloonFreePageHint { get; init; }

    /// <summary>TCG (default) or KVM.</summary>
    public Accelerator Accelerator { get; init; } = Accelerator.Tcg;

    /// <summary>
    /// When set, QEMU starts with <c>-incoming</c> this URI (<c>defer</c>, <c>tcp:ip:port</c>,
    /// <c>unix:path</c>...) and waits for a migration instead of booting.
    /// </summary>
    public string? Incoming { get; init; }

    /// <summary>Start with the vCPUs stopped (<c>-S</c>).</summary>
    public bool StartPaused { get; init; }

    /// <summary>Network namespace to run QEMU in (<c>ip netns exec NS ...</c>), or null for the host's.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>Arguments appended to QEMU's command line as they are.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>The QEMU binary: a name looked up on PATH, or a path.</summary>
    public string QemuBinary { get; init; } = "qemu-system-x86_64";

    /// <summary>The guest kernel; default <see cref="LabPaths.Kernel"/>.</summary>
    public string? KernelPath { get; init; }

    /// <summary>The guest initramfs; default <see cref="LabPaths.Initrd"/>.</summary>
    public string? InitrdPath { get; init; }

    /// <summary>The run directory; default <c>&lt;lab&gt;/run/&lt;name&gt;</c>.</summary>
    public string? RunDirectory { get; init; }

    /// <summary>Keep the run directory (serial log, RAM file) after the guest stops.</summary>
    public bool KeepRunDirectory { get; init; }

    /// <summary>The kernel command line that tells init which workload to run.</summary>
    [JsonIgnore]
    public string KernelCommandLine => string.Create(
        CultureInfo.InvariantCulture,
        $"console=ttyS0 quiet panic=-1 ft.workload={Workload} ft.mb={Mb} ft.iterations={Iterations} ft.vector_kb={VectorKb}")
        + (RewriteEvery > 0 ? string.Create(CultureInfo.InvariantCulture, $" ft.rewrite_every={RewriteEvery} ft.rewrite_mb={RewriteMb}") : string.Empty);

    /// <summary>The run directory this spec resolves to.</summary>
    [JsonIgnore]
    public string ResolvedRunDirectory => RunDirectory ?? System.IO.Path.Combine(LabPaths.RunDir, Name);

    /// <summary>The RAM file this spec resolves to (null for anonymous RAM).</summary>
    [JsonIgnore]
    public string? ResolvedRamPath =>
        Ram == RamBacking.SharedFile ? RamPath ?? System.IO.Path.Combine(ResolvedRunDirectory, "ram") : null;

    /// <summary>
    /// Checks the spec against what the guest and this host can do, and resolves the QEMU binary to a
    /// full path. Throws on the first problem with a message naming expected and found.
    /// </summary>
    /// <exception cref="GuestSpecException">The spec cannot run.</exception>
    public string Validate()
    {
        if (string.IsNullOrEmpty(Name) || Name.Length > 40 || !NamePattern().IsMatch(Name))
        {
            throw new GuestSpecException(nameof(Name),
                $"guest name: expected 1-40 lowercase letters, digits or '-', starting with a letter or digit, found '{Name}'");
        }

        if (!Workloads.Contains(Workload))
        {
            throw new GuestSpecException(nameof(Workload),
                $"unknown workload: expected one of {string.Join(", ", Workloads)}, found '{Workload}'");
        }

        if (MemoryMiB < 128 || MemoryMiB > 65536)
        {
            throw new GuestSpecException(nameof(MemoryMiB),
                $"guest memory: expected 128 to 65536 MiB, found {MemoryMiB} MiB");
        }

        if (Workload != "idle" && Mb <= 0)
        {
            throw new GuestSpecException(nameof(Mb),
                $"workload {Workload} needs a data size: expected --mb greater than 0, found {Mb}");
        }

        if (Mb < 0 || (Mb > 0 && Mb > MemoryMiB - ReservedMiB))
        {
            throw new GuestSpecException(nameof(Mb),
                $"workload size {Mb} MiB does not fit a {MemoryMiB} MiB guest: expected at most {Math.Max(0, MemoryMiB - ReservedMiB)} MiB " +
                $"(guest memory minus {ReservedMiB} MiB for the kernel and initramfs)");
        }

        if (VectorKb <= 0 || Iterations < 0)
        {
            throw new GuestSpecException(nameof(VectorKb),
                $"expected vector size > 0 KiB and iterations >= 0, found {VectorKb} KiB and {Iterations}");
        }

        // ftw refuses these too, but only inside the booted guest, where the failure is a line in the serial log.
        if (RewriteEvery < 0 || (RewriteEvery > 0 && (Workload != "readmostly" || RewriteMb < 1 || RewriteMb > Mb)))
        {
            throw new GuestSpecException(nameof(RewriteEvery),
                $"matrix rewrite: expected --rewrite-every >= 0, and when > 0 the readmostly workload with 1 <= --rewrite-mb <= --mb ({Mb}); " +
                $"found --rewrite-every {RewriteEvery}, --rewrite-mb {RewriteMb}, workload {Workload}");
        }

        var kernel = KernelPath ?? LabPaths.Kernel;
        var initrd = InitrdPath ?? LabPaths.Initrd;
        foreach (var (what, path) in new[] { ("kernel", kernel), ("initramfs", initrd) })
        {
            if (!File.Exists(path))
            {
                throw new GuestSpecException(what == "kernel" ? nameof(KernelPath) : nameof(InitrdPath),
                    $"guest {what}: expected a file at {path}, found none; build it with `ftactors lab guest build` (scripts/build-guest.sh)");
            }
        }

        return ResolveBinary(QemuBinary);
    }

    /// <summary>Finds <paramref name="binary"/> as a path or on PATH.</summary>
    /// <exception cref="GuestSpecException">It is not there or not executable.</exception>
    public static string ResolveBinary(string binary)
    {
        ArgumentException.ThrowIfNullOrEmpty(binary);
        if (binary.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(binary)
                ? System.IO.Path.GetFullPath(binary)
                : throw new GuestSpecException(nameof(QemuBinary), $"QEMU binary: expected an executable at {binary}, found no such file");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, binary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new GuestSpecException(nameof(QemuBinary),
            $"QEMU binary: expected '{binary}' on PATH ({path}), found none; scripts/setup.sh installs QEMU");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
