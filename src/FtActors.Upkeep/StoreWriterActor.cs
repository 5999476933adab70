using System.Collections.Immutable;
using Akka.Actor;
using FtActors.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Upkeep;

/// <summary>
/// The single writer of a spare's page store. Feed receivers send it verified pages and guest maps; it writes
/// them through <see cref="PageStoreWriter"/> and commits in batches (every <see cref="UpkeepSettings.FeedCommitPages"/>
/// pages, on every map, and after a short idle pause), acking each feeder only once its data is durable.
/// While a collection hold is taken (a migration is reading the store) it never reuses freed slots and defers
/// garbage collection, so a reader of an older generation never sees its pages overwritten.
/// </summary>
public sealed class StoreWriterActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan IdleCommit = TimeSpan.FromMilliseconds(200);

    private readonly PageStoreWriter _writer;
    private readonly Func<bool> _held;
    private readonly int _commitPages;
    private readonly ILogger _logger;

    // Acks owed per feeder, highest sequence only: the feeder acks in order, so one number covers the rest.
    private readonly Dictionary<IActorRef, ulong> _owed = [];
    private int _pendingPages;

    private readonly TaskCompletionSource? _stopped;

    /// <summary>Creates the actor; use <see cref="Props"/>, which Akka calls this through.</summary>
    public StoreWriterActor(PageStoreWriter writer, Func<bool> held, int commitPages, ILogger? logger, TaskCompletionSource? stopped)
    {
        _stopped = stopped;
        _writer = writer;
        _held = held;
        _commitPages = commitPages;
        _logger = logger ?? NullLogger.Instance;

        // File I/O runs as awaited tasks that hold the mailbox: no thread of the dispatcher blocks, and writes stay in order.
        ReceiveAsync<WritePages>(OnPagesAsync);
        ReceiveAsync<WriteGuestMap>(OnMapAsync);
        ReceiveAsync<FlushTick>(_ => CommitAsync());
        ReceiveAsync<CollectStoreGarbage>(OnCollectAsync);
        Receive<GetHeld>(_ => Sender.Tell(new HeldSnapshot(_writer.Identity, [.. _writer.HeldHashes()])));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Creates the props; the actor owns <paramref name="writer"/> and disposes it when it stops.</summary>
    /// <param name="writer">The store's writer (holds the store's writer lock).</param>
    /// <param name="held">True while a collection hold is taken.</param>
    /// <param name="commitPages">Pages gathered before a commit.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <param name="stopped">Completed once the writer is released (after the last commit), so a host can reopen the store.</param>
    public static Props Props(PageStoreWriter writer, Func<bool> held, int commitPages, ILogger? logger = null, TaskCompletionSource? stopped = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(held);
        ArgumentOutOfRangeException.ThrowIfLessThan(commitPages, 1);
        return Akka.Actor.Props.Create(() => new StoreWriterActor(writer, held, commitPages, logger, stopped));
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        try
        {
            if (_pendingPages > 0)
            {
                _writer.Commit();
            }
        }
        finally
        {
            _writer.Dispose();
            _stopped?.TrySetResult();
        }
    }

    private async Task OnPagesAsync(WritePages m)
    {
        IActorRef feeder = Sender;
        try
        {
            _writer.ReuseFreedSlots = !_held();
            int added = await Task.Run(() => _writer.AddPages(m.Hashes.AsSpan(), m.Pages)).ConfigureAwait(false);
            _pendingPages += added;
        }
        catch (StoreException e)
        {
            feeder.Tell(new FeedRejected(m.Sequence, e.Message));
            return;
        }

        _owed[feeder] = m.Sequence;
        if (_pendingPages >= _commitPages)
        {
            await CommitAsync().ConfigureAwait(false);
        }
        else
        {
            Timers.StartSingleTimer("idle-commit", FlushTick.Instance, IdleCommit);
        }
    }

    private async Task OnMapAsync(WriteGuestMap m)
    {
        IActorRef feeder = Sender;
        try
        {
            _writer.SetGuestMap(m.Guest, m.Entries, m.Scans, m.At);
        }
        catch (ArgumentException e)
        {
            feeder.Tell(new FeedRejected(m.Sequence, e.Message));
            return;
        }

        _owed[feeder] = m.Sequence;
        await CommitAsync().ConfigureAwait(false);
    }

    private async Task CommitAsync()
    {
        Timers.Cancel("idle-commit");
        if (_owed.Count == 0 && _pendingPages == 0)
        {
            return;
        }

        StoreIdentity id = await Task.Run(_writer.Commit).ConfigureAwait(false);
        LogMessages.Committed(_logger, id.Generation, _writer.PageCount);
        _pendingPages = 0;
        foreach ((IActorRef feeder, ulong seq) in _owed)
        {
            feeder.Tell(new FeedCommitted(seq));
        }

        _owed.Clear();
    }

    private async Task OnCollectAsync(CollectStoreGarbage m)
    {
        IActorRef asker = Sender;
        if (_held())
        {
            asker.Tell(new CollectionResult(null));
            return;
        }

        await CommitAsync().ConfigureAwait(false);
        GcReport report = await Task.Run(_writer.CollectGarbage).ConfigureAwait(false);
        asker.Tell(new CollectionResult(report));
    }
}
