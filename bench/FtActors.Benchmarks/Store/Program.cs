#if FTACTORS_STORE_BENCH
using BenchmarkDotNet.Running;
using FtActors.Benchmarks.Store;

// "timings" runs the whole-process figures (build, open, lookups of the 4 GiB synthetic store) with a
// stopwatch; anything else goes to BenchmarkDotNet's switcher.
if (args.Length > 0 && args[0] == "timings")
{
    return StoreTimings.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(StoreFixture).Assembly).Run(args);
return 0;
#endif
