namespace FtActors.Pages.Tests;

/// <summary>The engines a test can run on here: always the managed one, the native one when it loaded.</summary>
internal static class Engines
{
    public static TheoryData<string> Available()
    {
        var data = new TheoryData<string> { "managed" };
        if (PageEngines.Native is not null)
        {
            data.Add("native");
        }

        return data;
    }

    public static IPageBatchEngine Get(string name) => name switch
    {
        "managed" => PageEngines.Managed,
        "native" => PageEngines.Native ?? throw new InvalidOperationException("The native engine is not available."),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Expected managed or native."),
    };

    /// <summary>The native engine; call only from a <see cref="NativeFactAttribute"/> test.</summary>
    public static IPageBatchEngine Native => PageEngines.Native!;
}
