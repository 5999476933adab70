using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// What the migration path asks of a spare's page store: which hashes it holds (so the sender can skip
/// them) and their bytes (so the receiver can fill the guest from local disk). A page whose bytes no
/// longer match its hash is never handed out.
/// </summary>
public interface IPageStore
{
    /// <summary>The store and the commit this reader sees; the sender quotes it back in the handshake.</summary>
    StoreIdentity Identity { get; }

    /// <summary>Distinct pages the store holds.</summary>
    long PageCount { get; }

    /// <summary>Whether the index names <paramref name="hash"/>. The bytes are checked only by <see cref="TryRead"/>.</summary>
    bool Contains(PageHash hash);

    /// <summary>
    /// Copies the page with <paramref name="hash"/> into <paramref name="page"/> (4096 bytes) after
    /// re-hashing it. False when the store does not hold it or its bytes no longer match (the caller then
    /// asks the sender for the page); the destination is then left zero-filled, never with wrong bytes.
    /// </summary>
    bool TryRead(PageHash hash, Span<byte> page);

    /// <summary>
    /// Marks <c>held[i]</c> for each <c>hashes[i]</c> the store holds; returns how many it holds. Faster
    /// per hash than <see cref="Contains"/> for a batch: the lookups' memory accesses overlap.
    /// </summary>
    int ContainsMany(ReadOnlySpan<PageHash> hashes, Span<bool> held);
}
