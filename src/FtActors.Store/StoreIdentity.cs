namespace FtActors.Store;

/// <summary>
/// Which store, at which commit: the pair a sender names in the migration handshake so that "the
/// destination holds hash H" is only ever trusted for the exact store contents it was learned from.
/// </summary>
/// <param name="StoreId">Random id chosen when the store was created; never changes.</param>
/// <param name="Generation">Bumped by every commit (add, gc); a reader sees one generation from open to close.</param>
public readonly record struct StoreIdentity(Guid StoreId, ulong Generation)
{
    /// <summary>Renders as "id@generation".</summary>
    public override string ToString() => $"{StoreId:N}@{Generation}";
}
