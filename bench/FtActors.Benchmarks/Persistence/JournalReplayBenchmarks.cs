using BenchmarkDotNet.Attributes;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Sql;

namespace FtActors.Benchmarks.Persistence;

/// <summary>Replay throughput: reading back 10,000 events of one id (128-byte payloads). The mean is per event.</summary>
[Config(typeof(PersistenceBenchmarkConfig))]
public class JournalReplayBenchmarks
{
    private const int Events = 10_000;

    private BenchmarkDatabase? _database;
    private SqlJournal? _journal;

    [Params("sqlite", "postgresql")]
    public string Engine { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        _database = BenchmarkDatabase.CreateAsync(Engine).GetAwaiter().GetResult();
        _journal = new SqlJournal(_database.Executor);
        var payload = new byte[128];
        for (var first = 1; first <= Events; first += 1000)
        {
            var batch = Enumerable.Range(first, 1000)
                .Select(n => new JournalEntry("bench-vm", n, "vm-placed", 1, payload, DateTimeOffset.UnixEpoch))
                .ToList();
            _journal.WriteAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _database?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task<long> ReplayAll()
    {
        var sum = 0L;
        await foreach (var entry in _journal!.ReplayAsync("bench-vm", 1, long.MaxValue, long.MaxValue, CancellationToken.None))
        {
            sum += entry.SequenceNr;
        }

        return sum == (long)Events * (Events + 1) / 2 ? sum : throw new InvalidOperationException($"replay returned a sum of {sum}, expected every event once");
    }
}
