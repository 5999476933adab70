using System.Collections.Immutable;
using FtActors.Pages;
using FtActors.Store;

namespace FtActors.Upkeep;

/// <summary>Marker of the messages the spare's <see cref="StoreWriterActor"/> handles.</summary>
public interface IStoreWriterMessage;

/// <summary>Verified pages of one FeedPages frame; the sender gets <see cref="FeedCommitted"/> once they are durable.</summary>
/// <param name="Sequence">The frame's sequence number, quoted back in the ack.</param>
/// <param name="Hashes">One hash per page.</param>
/// <param name="Pages">4096 bytes per hash. Ownership: the writer owns the array after Tell; the sender never touches it again.</param>
public sealed record WritePages(ulong Sequence, ImmutableArray<PageHash> Hashes, byte[] Pages) : IStoreWriterMessage;

/// <summary>A guest's whole map; committed at once, then acked.</summary>
public sealed record WriteGuestMap(ulong Sequence, string Guest, ImmutableArray<GuestMapEntry> Entries, uint Scans, DateTimeOffset At) : IStoreWriterMessage;

/// <summary>Reply to the feeder: everything up to and including this sequence number of yours is committed.</summary>
public sealed record FeedCommitted(ulong Sequence) : IStoreWriterMessage;

/// <summary>Reply to the feeder: a write was refused (e.g. a page did not match its hash); the feed must stop.</summary>
public sealed record FeedRejected(ulong Sequence, string Reason) : IStoreWriterMessage;

/// <summary>Asks for every hash held now; reply: <see cref="HeldSnapshot"/>.</summary>
public sealed record GetHeld() : IStoreWriterMessage;

/// <summary>The hashes the store holds (committed or about to be) and the identity of the last commit.</summary>
public sealed record HeldSnapshot(StoreIdentity Identity, ImmutableArray<PageHash> Hashes) : IStoreWriterMessage;

/// <summary>Drops pages no guest map selects, unless a collection hold is taken; reply: <see cref="CollectionResult"/>.</summary>
public sealed record CollectStoreGarbage() : IStoreWriterMessage;

/// <summary>The outcome of <see cref="CollectStoreGarbage"/>: the report, or null when a hold deferred it.</summary>
public sealed record CollectionResult(GcReport? Report) : IStoreWriterMessage;

internal sealed record FlushTick : IStoreWriterMessage
{
    public static readonly FlushTick Instance = new();
}
