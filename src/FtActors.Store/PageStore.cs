using FtActors.Pages;

namespace FtActors.Store;

/// <summary>
/// A committed page store opened read-only: the manifest is mapped, the page area is read with pread.
/// A reader keeps the generation it opened even while a writer commits newer ones, because commits
/// replace the manifest by rename and never rewrite a slot the reader's manifest names (except after a
/// gc, where verify-on-read turns a reused slot into a miss, never into wrong bytes). Thread-safe for
/// reads; dispose it only once no other thread is reading (the manifest is unmapped then).
/// </summary>
public sealed class PageStore : IPageStore, IDisposable
{
    private readonly ManifestView _manifest;
    private readonly PagesFile _pages;
    private readonly IPageEngine _engine;

    private PageStore(string directory, ManifestView manifest, PagesFile pages, IPageEngine engine)
    {
        Directory = directory;
        _manifest = manifest;
        _pages = pages;
        _engine = engine;
    }

    /// <summary>The store's directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public StoreIdentity Identity => new(_manifest.StoreId, _manifest.Generation);

    /// <summary>The format version the manifest declares, "major.minor".</summary>
    public string FormatVersion => StoreFormat.Version(_manifest.Major, _manifest.Minor);

    /// <summary>When the current generation was committed.</summary>
    public DateTimeOffset CommittedAt => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(_manifest.CommitTimeMs, 0, 253402300799999));

    /// <inheritdoc />
    public long PageCount => _manifest.IndexCount;

    /// <summary>Slots in the page area covered by this generation, live or free.</summary>
    public long PageSlots => _manifest.PageSlots;

    /// <summary>Slots freed by gc and not yet reused.</summary>
    public long FreeSlots => _manifest.FreeSlotCount;

    /// <summary>Bits of the hash that pick an index bucket.</summary>
    public int FanoutBits => _manifest.FanoutBits;

    /// <summary>Bytes of the manifest file (header, index, maps).</summary>
    public long ManifestBytes => _manifest.FileLength;

    /// <summary>Bytes of the index (fanout table and entries): the per-page lookup cost on disk and in memory.</summary>
    public long IndexBytes => _manifest.IndexLength;

    /// <summary>Bytes of the page area file on disk, including leftovers past the committed slots.</summary>
    public long PagesFileBytes => _pages.Length;

    /// <summary>The guests whose maps the store holds.</summary>
    public IReadOnlyList<GuestSummary> Guests => _manifest.Guests.Select(g => g.Summary).ToList();

    /// <summary>
    /// Opens the store in <paramref name="directory"/>. The header checksums are always checked; with
    /// <paramref name="verifyChecksums"/> the index and map checksums are too (hashing about 20 bytes per
    /// page at memory speed); without it open reads only the header and guest directory.
    /// </summary>
    /// <exception cref="StoreException">The store is missing, corrupt, or of a format this reader refuses.</exception>
    public static PageStore Open(string directory, bool verifyChecksums = true, IPageEngine? engine = null)
    {
        engine ??= PageEngines.Default;
        ManifestView manifest = ManifestView.Open(Path.Combine(directory, StoreFormat.ManifestFileName), engine, verifyChecksums);
        try
        {
            PagesFile pages = PagesFile.Open(Path.Combine(directory, StoreFormat.PagesFileName), engine, manifest.StoreId, manifest.PageSlots, writable: false);
            return new PageStore(directory, manifest, pages, engine);
        }
        catch
        {
            manifest.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="directory"/> holds a committed store manifest.</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, StoreFormat.ManifestFileName));

    /// <inheritdoc />
    public bool Contains(PageHash hash) => _manifest.TryFindSlot(hash, out _);

    /// <inheritdoc />
    public bool TryRead(PageHash hash, Span<byte> page)
    {
        if (page.Length < PageSize.Bytes)
        {
            throw new ArgumentException($"a page buffer of {PageSize.Bytes} bytes is needed; got {page.Length}", nameof(page));
        }

        Span<byte> dest = page[..PageSize.Bytes];
        if (_manifest.TryFindSlot(hash, out uint slot) && _pages.ReadSlot(slot, dest) && _engine.Hash(dest) == hash)
        {
            return true;
        }

        dest.Clear();
        return false;
    }

    /// <inheritdoc />
    public int ContainsMany(ReadOnlySpan<PageHash> hashes, Span<bool> held)
    {
        if (held.Length < hashes.Length)
        {
            throw new ArgumentException($"held needs {hashes.Length} slots; got {held.Length}", nameof(held));
        }

        return _manifest.FindMany(hashes, held);
    }

    /// <summary>
    /// Every hash the store holds, as the engine's own set, for <see cref="IPageBatchEngine.Classify(ReadOnlySpan{byte}, PageHashSet?, Span{PageHash}, Span{PageType})"/>:
    /// the sender types a whole batch against it in one pass.
    /// </summary>
    public PageHashSet CreateHashSet(IPageBatchEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.CreateHashSet(AllHashes());
    }

    /// <summary>Every hash the store holds, in index order.</summary>
    public PageHash[] AllHashes() => _manifest.Entries().Select(e => e.Hash).ToArray();

    /// <summary>Reads one guest's frame map, in frame order.</summary>
    /// <exception cref="KeyNotFoundException">The store has no guest of that name.</exception>
    public IReadOnlyList<GuestMapEntry> ReadGuestMap(string guest)
    {
        ManifestView.GuestSlot slot = _manifest.Guests.FirstOrDefault(g => g.Summary.Name == guest)
            ?? throw new KeyNotFoundException($"{Directory}: no guest named '{guest}' (guests: {string.Join(", ", _manifest.Guests.Select(g => g.Summary.Name))})");
        return _manifest.ReadMap(slot);
    }

    internal ManifestView Manifest => _manifest;

    internal PagesFile Pages => _pages;

    internal IPageEngine Engine => _engine;

    /// <summary>Releases the mapping and the page area handle.</summary>
    public void Dispose()
    {
        _manifest.Dispose();
        _pages.Dispose();
    }
}
