using System.Diagnostics;

namespace FtActors.Images.Tests;

/// <summary>A fact that needs QEMU 9 or later: skipped, saying why, on machines without it.</summary>
public sealed class LabFactAttribute : FactAttribute
{
    public const string Qemu = "/usr/bin/qemu-system-x86_64";

    private static readonly Lazy<string?> Missing = new(FindProblem);

    public LabFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? FindProblem()
    {
        if (!File.Exists(Qemu))
        {
            return $"QEMU is not installed ({Qemu} missing); lab tests need qemu-system-x86 >= 9";
        }

        using var process = Process.Start(new ProcessStartInfo(Qemu, "--version") { RedirectStandardOutput = true })!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var words = output.Split(' ');
        int at = Array.IndexOf(words, "version");
        return at >= 0 && at + 1 < words.Length && int.TryParse(words[at + 1].Split('.')[0], out int major) && major >= 9
            ? null
            : $"QEMU at {Qemu} is older than 9: {output.Trim()}";
    }
}
