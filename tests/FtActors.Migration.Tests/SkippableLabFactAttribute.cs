namespace FtActors.Migration.Tests;

/// <summary>A fact that shows as skipped, with the reason, on a machine without root, QEMU or the CLI build.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SkippableLabFactAttribute : FactAttribute
{
    public SkippableLabFactAttribute() => Skip = LabSupport.MissingReason();
}

/// <summary>The theory form of <see cref="SkippableLabFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SkippableLabTheoryAttribute : TheoryAttribute
{
    public SkippableLabTheoryAttribute() => Skip = LabSupport.MissingReason();
}
