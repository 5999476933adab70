namespace FtActors.Pages;

/// <summary>
/// The page engine as the PageStreamer uses it: <see cref="IPageEngine"/> plus typing against the set of
/// hashes the destination's page store holds, in the same single pass over the batch.
/// </summary>
public interface IPageBatchEngine : IPageEngine
{
    /// <summary>
    /// Builds a set of hashes (typically everything the destination store holds) in this engine's own
    /// representation. The set is immutable once built, so one set may serve many batches and threads.
    /// </summary>
    PageHashSet CreateHashSet(ReadOnlySpan<PageHash> hashes);

    /// <summary>
    /// Hashes and types a batch like <see cref="IPageEngine.Classify"/>, but reads <paramref name="types"/>
    /// first: a slot already marked <see cref="PageType.NotPresent"/> is not read and gets the hash
    /// <c>default</c>; a slot marked <see cref="PageType.PageTable"/> is hashed and keeps its type (a
    /// pagetable is never skipped). Every other page becomes <see cref="PageType.Zero"/>,
    /// <see cref="PageType.AtDestination"/> when <paramref name="held"/> contains its hash, or
    /// <see cref="PageType.Normal"/>. A zero page is Zero even if its hash is held.
    /// </summary>
    /// <param name="pages">The batch, <see cref="PageSize.Bytes"/> per type slot.</param>
    /// <param name="held">Hashes the destination holds, built by this engine; null types nothing AtDestination.</param>
    /// <param name="hashes">Receives one hash per page.</param>
    /// <param name="types">Marks on entry, types on return.</param>
    void Classify(ReadOnlySpan<byte> pages, PageHashSet? held, Span<PageHash> hashes, Span<PageType> types);

    /// <summary>
    /// Builds a pagetable translator over the frame map <paramref name="sourceFrames"/>[i] -&gt; <paramref name="targetFrames"/>[i]
    /// in this engine's representation. Usually called through <see cref="PageTableCanonicaliser.ForSave"/>
    /// or <see cref="PageTableCanonicaliser.ForRestore"/>.
    /// </summary>
    /// <exception cref="FrameMapException">A source frame repeats, or a frame exceeds 40 bits.</exception>
    PageTableCanonicaliser CreatePageTableCanonicaliser(ReadOnlySpan<ulong> sourceFrames, ReadOnlySpan<ulong> targetFrames, PvPagingMode mode);
}
