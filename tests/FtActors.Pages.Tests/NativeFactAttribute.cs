namespace FtActors.Pages.Tests;

/// <summary>
/// A fact that needs libftpages.so. Without the library (or with FTACTORS_PAGES_ENGINE=managed) it is
/// skipped with the reason the loader gave, rather than silently passing; CI builds the library first.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NativeFactAttribute : FactAttribute
{
    public NativeFactAttribute()
    {
        if (PageEngines.Native is null)
        {
            Skip = "libftpages.so is not available, so there is no native engine to compare: " + PageEngines.DefaultReason
                + " (build it with scripts/build-native.sh)";
        }
    }
}
