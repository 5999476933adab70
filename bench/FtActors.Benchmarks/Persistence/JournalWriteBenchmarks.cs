using BenchmarkDotNet.Attributes;
using FtActors.Kernel.Persistence;
using FtActors.Persistence.Sql;

namespace FtActors.Benchmarks.Persistence;

/// <summary>
/// Journal write throughput, durable commits: one event per write (a transaction per event, the latency a
/// persistent actor sees per Persist) and batches of 100 (PersistAll; one transaction, and on PostgreSQL one
/// round trip). The mean is per event.
/// </summary>
[Config(typeof(PersistenceBenchmarkConfig))]
public class JournalWriteBenchmarks
{
    private const int BatchSize = 100;
    private static readonly byte[] Payload = new byte[128];

    private BenchmarkDatabase? _database;
    private SqlJournal? _journal;
    private long _next;
    private JournalEntry[] _batch = [];

    [Params("sqlite", "postgresql")]
    public string Engine { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        _database = BenchmarkDatabase.CreateAsync(Engine).GetAwaiter().GetResult();
        _journal = new SqlJournal(_database.Executor);
        _next = 1;
        _batch = new JournalEntry[BatchSize];
    }

    [GlobalCleanup]
    public void Cleanup() => _database?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = 1)]
    public Task WriteOneEvent() => _journal!.WriteAsync([Entry(_next++)], CancellationToken.None);

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task WriteBatchOf100()
    {
        for (var i = 0; i < BatchSize; i++)
        {
            _batch[i] = Entry(_next++);
        }

        return _journal!.WriteAsync(_batch, CancellationToken.None);
    }

    private static JournalEntry Entry(long sequenceNr) =>
        new("bench-vm", sequenceNr, "vm-placed", 1, Payload, DateTimeOffset.UnixEpoch.AddMilliseconds(sequenceNr));
}
