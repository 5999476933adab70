namespace FtActors.Lab.Tests;

/// <summary>What a lab test needs from the machine: root (namespaces, tc) and QEMU.</summary>
internal static class LabRequirements
{
    public static string? MissingReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "lab tests need Linux";
        }

        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal))
        {
            return "lab tests need root (network namespaces, tc); run them as root";
        }

        var qemu = Environment.GetEnvironmentVariable("PATH")?.Split(':')
            .Select(d => Path.Combine(d, "qemu-system-x86_64"))
            .FirstOrDefault(File.Exists);
        return qemu is null ? "lab tests need qemu-system-x86_64 on PATH (scripts/setup.sh installs it)" : null;
    }
}
