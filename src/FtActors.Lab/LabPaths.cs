namespace FtActors.Lab;

/// <summary>
/// Where the lab keeps its files. The root is <c>$FTACTORS_LAB_DIR</c>, else <c>&lt;repo&gt;/.lab</c>;
/// the repository is <c>$FTACTORS_REPO_DIR</c>, else the first directory holding FtActors.sln above the
/// running binary (or above the current directory, for tools run from elsewhere).
/// </summary>
public static class LabPaths
{
    /// <summary>The repository root.</summary>
    /// <exception cref="LabException">No FtActors.sln above the binary or the current directory, and no override.</exception>
    public static string RepoRoot
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("FTACTORS_REPO_DIR");
            if (!string.IsNullOrEmpty(env))
            {
                return Path.GetFullPath(env);
            }

            return FindSolutionAbove(AppContext.BaseDirectory)
                ?? FindSolutionAbove(Directory.GetCurrentDirectory())
                ?? throw new LabException(
                    $"cannot find the repository: expected FtActors.sln in a directory above {AppContext.BaseDirectory} " +
                    $"or {Directory.GetCurrentDirectory()}, found none; set FTACTORS_REPO_DIR");
        }
    }

    /// <summary>The lab root: guest image, run directories, topology records.</summary>
    public static string LabRoot
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("FTACTORS_LAB_DIR");
            return string.IsNullOrEmpty(env) ? Path.Combine(RepoRoot, ".lab") : Path.GetFullPath(env);
        }
    }

    /// <summary>Where scripts/build-guest.sh puts the kernel, initrd and host copy of ftw.</summary>
    public static string GuestDir => Path.Combine(LabRoot, "guest");

    /// <summary>The guest kernel.</summary>
    public static string Kernel => Path.Combine(GuestDir, "vmlinuz");

    /// <summary>The guest initramfs (busybox, init, ftw, virtio modules).</summary>
    public static string Initrd => Path.Combine(GuestDir, "initrd.img");

    /// <summary>The host build of the guest's workload program, for <c>ftw expect</c>.</summary>
    public static string FtwHost => Path.Combine(GuestDir, "ftw");

    /// <summary>One directory per running guest: <c>run/&lt;name&gt;/</c>.</summary>
    public static string RunDir => Path.Combine(LabRoot, "run");

    /// <summary>One JSON record per topology.</summary>
    public static string TopologyDir => Path.Combine(LabRoot, "topologies");

    private static string? FindSolutionAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FtActors.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
