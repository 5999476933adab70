using BenchmarkDotNet.Running;
using FtActors.Benchmarks.Store;

// "store-timings" runs the page store's whole-process figures (build, open and lookups of a 4 GiB
// synthetic store) with a stopwatch; anything else goes to BenchmarkDotNet's switcher, e.g.
//   dotnet run -c Release --project bench/FtActors.Benchmarks -- --filter '*.Pages.*' --job short
if (args.Length > 0 && args[0] == "store-timings")
{
    return StoreTimings.Run();
}

if (args.Length > 0 && args[0] == "store-build-timings")
{
    return StoreBuildTimings.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
