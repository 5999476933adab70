#if FTACTORS_REMOTING_BENCH
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FtActors.Benchmarks.Remoting.RemotingThroughputBenchmark).Assembly).Run(args);
#endif
