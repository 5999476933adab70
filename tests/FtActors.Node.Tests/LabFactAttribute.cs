using FtActors.Lab;
using Xunit;

namespace FtActors.Node.Tests;

/// <summary>A fact that shows as skipped, with the reason, without root, QEMU or the built lab guest.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LabFactAttribute : FactAttribute
{
    public LabFactAttribute() => Skip = MissingReason();

    private static string? MissingReason()
    {
        if (Environment.UserName != "root")
        {
            return "lab tests need root (network namespaces, tc)";
        }

        if (Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(d => File.Exists(Path.Combine(d, "qemu-system-x86_64"))) != true)
        {
            return "lab tests need qemu-system-x86_64 on PATH";
        }

        return File.Exists(LabPaths.Kernel) && File.Exists(LabPaths.Initrd) ? null : $"lab tests need the lab guest ({LabPaths.Kernel}); run scripts/build-guest.sh";
    }
}
