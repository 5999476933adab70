using Xunit;

namespace FtActors.Health.Tests;

/// <summary>
/// A fact that shows as skipped, with the reason, unless a real Slurm controller can be started here: root and
/// Debian's slurmctld, slurmd, slurm-client and munge (scripts/setup.sh installs them).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SlurmFactAttribute : FactAttribute
{
    private static readonly string[] Programs = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/scontrol"];

    public SlurmFactAttribute() => Skip = MissingReason;

    /// <summary>Why the real controller cannot run here, or null when it can.</summary>
    public static string? MissingReason { get; } = FindMissing();

    private static string? FindMissing()
    {
        if (Environment.UserName != "root")
        {
            return "the real-Slurm tests need root (slurmctld and slurmd run with SlurmUser=root)";
        }

        var missing = Programs.Where(p => !File.Exists(p)).ToArray();
        return missing.Length == 0
            ? null
            : $"the real-Slurm tests need {string.Join(", ", missing)} (packages slurmctld, slurmd, slurm-client, munge); run scripts/setup.sh";
    }
}
