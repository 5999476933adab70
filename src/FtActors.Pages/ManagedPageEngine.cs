using FtActors.Pages.Hashing;

namespace FtActors.Pages;

/// <summary>
/// The page engine written in C# only: XXH3-128 with Vector256/Vector128 stripe loops and a zero scan by
/// <see cref="MemoryExtensions.IndexOfAnyExcept{T}(ReadOnlySpan{T}, T)"/>. Used when libftpages.so is
/// absent, and always available so tests and benchmarks can compare it with the native engine.
/// </summary>
public sealed class ManagedPageEngine : IPageBatchEngine
{
    /// <summary>The single instance; the engine holds no state.</summary>
    public static ManagedPageEngine Instance { get; } = new();

    private ManagedPageEngine()
    {
    }

    /// <inheritdoc />
    public string Name => "managed";

    /// <inheritdoc />
    public PageHash Hash(ReadOnlySpan<byte> data) => Xxh3.Hash128(data);

    /// <inheritdoc />
    public void Classify(ReadOnlySpan<byte> pages, Span<PageHash> hashes, Span<PageType> types)
    {
        int count = BatchShape.Check(pages, hashes.Length, types.Length);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> page = pages.Slice(i * PageSize.Bytes, PageSize.Bytes);
            // A non-zero page usually fails the scan in its first vector, so checking first costs
            // little; a zero page is scanned once and never hashed.
            if (page.IndexOfAnyExcept((byte)0) < 0)
            {
                types[i] = PageType.Zero;
                hashes[i] = KnownPageHashes.ZeroPage;
            }
            else
            {
                types[i] = PageType.Normal;
                hashes[i] = Xxh3.Hash128(page);
            }
        }
    }

    /// <inheritdoc />
    public PageTableCanonicaliser CreatePageTableCanonicaliser(ReadOnlySpan<ulong> sourceFrames, ReadOnlySpan<ulong> targetFrames, PvPagingMode mode) =>
        new ManagedPageTableCanonicaliser(sourceFrames, targetFrames, mode);

    /// <inheritdoc />
    public PageHashSet CreateHashSet(ReadOnlySpan<PageHash> hashes) => new ManagedPageHashSet(hashes);

    /// <inheritdoc />
    public void Classify(ReadOnlySpan<byte> pages, PageHashSet? held, Span<PageHash> hashes, Span<PageType> types)
    {
        int count = BatchShape.Check(pages, hashes.Length, types.Length);
        ManagedPageHashSet? set = held is null ? null : held as ManagedPageHashSet ?? throw PageHashSet.WrongEngine(held, Name);
        for (int i = 0; i < count; i++)
        {
            PageType marked = types[i];
            if (marked == PageType.NotPresent)
            {
                hashes[i] = default;
                continue;
            }

            ReadOnlySpan<byte> page = pages.Slice(i * PageSize.Bytes, PageSize.Bytes);
            if (marked == PageType.PageTable)
            {
                // Pagetables are always sent (canonicalised), never skipped, even when all zero.
                hashes[i] = Xxh3.Hash128(page);
                continue;
            }

            if (page.IndexOfAnyExcept((byte)0) < 0)
            {
                types[i] = PageType.Zero;
                hashes[i] = KnownPageHashes.ZeroPage;
                continue;
            }

            PageHash hash = Xxh3.Hash128(page);
            hashes[i] = hash;
            types[i] = set is not null && set.Contains(hash) ? PageType.AtDestination : PageType.Normal;
        }
    }
}
