namespace FtActors.Lab.Tests;

/// <summary>
/// A fact that needs root and QEMU. xunit 2 has no dynamic skip, so the reason is decided when the
/// attribute is built: without root or qemu-system-x86_64 the test shows as skipped with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SkippableLabFactAttribute : FactAttribute
{
    public SkippableLabFactAttribute()
    {
        var reason = LabRequirements.MissingReason();
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
