namespace FtActors.Store.Tests;

/// <summary>
/// Entry point of this test assembly when run as a process (test hosts load it as a library and never
/// call this). The crash-safety test runs it as the writer it kills: "crash-child OP DIR".
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "crash-child")
        {
            CrashScenario.Run(args[1], args[2]);
            return 0;
        }

        Console.Error.WriteLine("usage: FtActors.Store.Tests crash-child add|gc DIR");
        return 2;
    }
}
