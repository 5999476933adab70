namespace FtActors.Lab.Tests;

/// <summary>The theory form of <see cref="SkippableLabFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SkippableLabTheoryAttribute : TheoryAttribute
{
    public SkippableLabTheoryAttribute()
    {
        var reason = LabRequirements.MissingReason();
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
