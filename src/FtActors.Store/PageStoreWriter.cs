using System.Collections.Immutable;
using FtActors.Pages;
using FtActors.Store.Interop;

namespace FtActors.Store;

/// <summary>
/// The only way a store changes. Changes accumulate in memory and in not-yet-committed page slots until
/// <see cref="Commit"/>, which makes them durable in one atomic step:
/// <list type="number">
/// <item>new pages go to slots no committed manifest names (appended, or freed by an earlier commit), then the page area is fsynced;</item>
/// <item>the whole new manifest is written to <c>manifest.fts.tmp</c> and fsynced;</item>
/// <item>it is renamed over <c>manifest.fts</c> and the directory is fsynced: this rename is the commit;</item>
/// <item>only then are slots freed by this commit truncated off the end or punched out.</item>
/// </list>
/// A crash before step 3 leaves the old manifest, whose slots were never touched; after it, the new one,
/// complete and fsynced. One writer at a time, enforced by an exclusive lock on <c>writer.lock</c>.
/// </summary>
public sealed class PageStoreWriter : IDisposable
{
    private const string LockFileName = "writer.lock";
    private const int ManifestWriteChunk = 16 * 1024;

    private readonly string _directory;
    private readonly IPageBatchEngine _engine;
    private readonly FileStream _lock;
    private readonly PagesFile _pages;
    private readonly ManifestData _data;

    // Slots freed by a committed manifest: safe to overwrite now. Slots freed in this session are still
    // named by the committed manifest, so they wait in _freedUncommitted until the commit.
    private readonly SortedSet<uint> _reusable;
    private readonly SortedSet<uint> _freedUncommitted = [];
    private long _nextSlot;
    private readonly PendingWrites _pending;

    private PageStoreWriter(string directory, IPageBatchEngine engine, FileStream lockFile, PagesFile pages, ManifestData data)
    {
        _directory = directory;
        _engine = engine;
        _lock = lockFile;
        _pages = pages;
        _data = data;
        _reusable = new SortedSet<uint>(data.FreeSlots);
        _nextSlot = data.PageSlots;
        _pending = new PendingWrites(this);
    }

    /// <summary>The identity of the last commit this writer made or opened.</summary>
    public StoreIdentity Identity => new(_data.StoreId, _data.Generation);

    /// <summary>Creates an empty store (generation 1) in <paramref name="directory"/>, which must not hold one.</summary>
    /// <exception cref="StoreException">A store already exists there, or the directory cannot be written.</exception>
    public static PageStoreWriter Create(string directory, IPageBatchEngine? engine = null)
    {
        engine ??= PageEngines.Default;
        if (PageStore.Exists(directory))
        {
            throw new StoreException($"{directory}: a store already exists here (use add to extend it)");
        }

        FileStream? lockFile = null;
        PageStoreWriter? writer = null;
        var created = false;
        try
        {
            Directory.CreateDirectory(directory);
            lockFile = AcquireLock(directory);
            var data = new ManifestData { StoreId = Guid.NewGuid(), Generation = 0, PageSlots = 0 };
            string pagesPath = Path.Combine(directory, StoreFormat.PagesFileName);
            using (var fs = new FileStream(pagesPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                fs.Write(PagesFile.Header(engine, data.StoreId));
                fs.Flush(flushToDisk: true);
            }

            PagesFile pages = PagesFile.Open(pagesPath, engine, data.StoreId, 0, writable: true);
            writer = new PageStoreWriter(directory, engine, lockFile, pages, data);
            writer.Commit();
            created = true;
            return writer;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{directory}: cannot create the store: {ex.Message}", ex);
        }
        finally
        {
            // A failed creation must not keep the writer lock: a retry in this process would be told another
            // writer runs. Disposing releases handles only and does not throw.
            if (!created)
            {
                if (writer is not null)
                {
                    writer.Dispose();
                }
                else
                {
                    lockFile?.Dispose();
                }
            }
        }
    }

    /// <summary>Opens an existing store for changes, verifying its checksums first.</summary>
    /// <exception cref="StoreException">No store, a corrupt one, or another writer holds the lock.</exception>
    public static PageStoreWriter Open(string directory, IPageBatchEngine? engine = null)
    {
        engine ??= PageEngines.Default;
        FileStream lockFile = AcquireLock(directory);
        try
        {
            var data = new ManifestData();
            using (PageStore store = PageStore.Open(directory, verifyChecksums: true, engine))
            {
                ManifestView m = store.Manifest;
                data.StoreId = m.StoreId;
                data.Generation = m.Generation;
                data.PageSlots = m.PageSlots;
                foreach ((PageHash hash, uint slot, long offset) in m.Entries())
                {
                    if (slot >= m.PageSlots || !data.Index.TryAdd(hash, slot))
                    {
                        throw m.Corrupt(offset, $"a unique hash with a slot below {m.PageSlots}", $"hash {hash} at slot {slot}");
                    }
                }

                foreach (uint slot in m.FreeSlots())
                {
                    data.FreeSlots.Add(slot);
                }

                foreach (ManifestView.GuestSlot g in m.Guests)
                {
                    data.Guests[g.Summary.Name] = new ManifestData.GuestData
                    {
                        Name = g.Summary.Name,
                        Scans = g.Summary.Scans,
                        ScanTimeMs = g.Summary.LastScan.ToUnixTimeMilliseconds(),
                        Entries = m.ReadMap(g),
                    };
                }
            }

            PagesFile pages = PagesFile.Open(Path.Combine(directory, StoreFormat.PagesFileName), engine, data.StoreId, data.PageSlots, writable: true);
            return new PageStoreWriter(directory, engine, lockFile, pages, data);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    private static FileStream AcquireLock(string directory)
    {
        try
        {
            // FileShare.None takes an exclusive advisory lock on Unix, released when the process dies.
            return new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{directory}: cannot take the writer lock (is another writer running?): {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Scans <paramref name="snapshots"/> (oldest first) of <paramref name="guest"/>, selects pages by
    /// <paramref name="options"/>, writes the ones the store lacks, and replaces the guest's map with the
    /// latest snapshot's frames. Stability counts continue from the guest's previous map. Not durable
    /// until <see cref="Commit"/>.
    /// </summary>
    public SelectionReport AddScan(string guest, IReadOnlyList<IPageSource> snapshots, SelectionOptions options, DateTimeOffset scanTime)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(options);
        ValidateGuestName(guest);
        if (snapshots.Count == 0)
        {
            throw new ArgumentException("at least one snapshot is needed", nameof(snapshots));
        }

        if (options.Policy == SelectionPolicy.KOfN && (options.K < 1 || options.K > snapshots.Count))
        {
            throw new ArgumentException($"k must be between 1 and the number of snapshots ({snapshots.Count}); got {options.K}", nameof(options));
        }

        if (options.Policy == SelectionPolicy.Stable && options.MinStableScans < 1)
        {
            throw new ArgumentException($"the minimum stable scans must be at least 1; got {options.MinStableScans}", nameof(options));
        }

        _data.Guests.TryGetValue(guest, out ManifestData.GuestData? previousGuest);
        var scan = new GuestScan(this, options, snapshots.Count, previousGuest);
        for (int i = 0; i < snapshots.Count; i++)
        {
            scan.ReadSnapshot(snapshots[i], i == snapshots.Count - 1);
        }

        if (options.BudgetBytes is not null)
        {
            scan.ApplyBudgetAndWrite(snapshots[^1]);
        }

        _pending.Flush();
        GuestMapEntry[] entries = scan.FinishMap();
        _data.Guests[guest] = new ManifestData.GuestData
        {
            Name = guest,
            Scans = (previousGuest?.Scans ?? 0) + (uint)snapshots.Count,
            ScanTimeMs = scanTime.ToUnixTimeMilliseconds(),
            Entries = entries,
        };
        return scan.Report(guest);
    }

    private static void ValidateGuestName(string guest)
    {
        int bytes = System.Text.Encoding.UTF8.GetByteCount(guest ?? string.Empty);
        if (bytes is 0 or > StoreFormat.MaxGuestNameBytes)
        {
            throw new ArgumentException($"a guest name of 1 to {StoreFormat.MaxGuestNameBytes} UTF-8 bytes is needed; got {bytes} bytes", nameof(guest));
        }
    }

    /// <summary>Removes a guest's map; its pages go at the next <see cref="CollectGarbage"/>.</summary>
    public bool RemoveGuest(string guest) => _data.Guests.Remove(guest);

    /// <summary>
    /// Drops every page no guest map selects and commits. Freed slots at the end of the page area are
    /// truncated away after the commit; freed slots inside it are punched out where the file system can,
    /// and reused by later scans. The page area is never rewritten.
    /// </summary>
    public GcReport CollectGarbage()
    {
        var live = new HashSet<PageHash>();
        foreach (ManifestData.GuestData g in _data.Guests.Values)
        {
            foreach (GuestMapEntry e in g.Entries)
            {
                if (e.Selected)
                {
                    live.Add(e.Hash);
                }
            }
        }

        long dropped = 0;
        foreach (KeyValuePair<PageHash, uint> kv in _data.Index.ToArray())
        {
            if (!live.Contains(kv.Key))
            {
                _data.Index.Remove(kv.Key);
                _freedUncommitted.Add(kv.Value);
                dropped++;
            }
        }

        CommitResult result = CommitCore();
        return new GcReport(dropped, result.Truncated, result.Punched, _data.FreeSlots.Count);
    }

    /// <summary>Makes every change since the last commit durable, atomically; returns the new identity.</summary>
    public StoreIdentity Commit()
    {
        CommitCore();
        return Identity;
    }

    private readonly record struct CommitResult(long Truncated, long Punched);

    private CommitResult CommitCore()
    {
        _pending.Flush();
        CrashPoints.Hit("pages-fsync");
        RandomAccess.FlushToDisk(_pages.Handle);

        // Freed slots: every slot below the new end that the index does not name. Trailing ones shrink the end.
        var free = new SortedSet<uint>(_reusable);
        free.UnionWith(_freedUncommitted);
        long slots = _nextSlot;
        while (slots > 0 && free.Contains((uint)(slots - 1)))
        {
            free.Remove((uint)(slots - 1));
            slots--;
        }

        long oldSlots = _data.PageSlots;
        _data.PageSlots = slots;
        _data.FreeSlots.Clear();
        _data.FreeSlots.UnionWith(free);
        _data.Generation++;
        byte[] manifest = _data.Serialize(_engine, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        string temp = Path.Combine(_directory, StoreFormat.ManifestTempFileName);
        using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            for (int offset = 0; offset < manifest.Length; offset += ManifestWriteChunk)
            {
                CrashPoints.Hit("manifest-write");
                fs.Write(manifest, offset, Math.Min(ManifestWriteChunk, manifest.Length - offset));
            }

            CrashPoints.Hit("manifest-fsync");
            fs.Flush(flushToDisk: true);
        }

        CrashPoints.Hit("manifest-rename");
        File.Move(temp, Path.Combine(_directory, StoreFormat.ManifestFileName), overwrite: true);
        CrashPoints.Hit("directory-fsync");
        Posix.FsyncDirectory(_directory);

        // Committed. What follows only gives space back; a crash here leaves harmless leftovers.
        long truncated = 0;
        long end = StoreFormat.SlotOffset(slots);
        if (RandomAccess.GetLength(_pages.Handle) > end)
        {
            truncated = Math.Max(0, Math.Max(oldSlots, _nextSlot) - slots);
            CrashPoints.Hit("pages-truncate");
            RandomAccess.SetLength(_pages.Handle, end);
        }

        long punched = 0;
        foreach (uint slot in _freedUncommitted)
        {
            if (slot < slots && Posix.PunchHole(_pages.Handle, StoreFormat.SlotOffset(slot), StoreFormat.PageSizeBytes))
            {
                punched++;
            }
        }

        _nextSlot = slots;
        _reusable.Clear();
        _reusable.UnionWith(free);
        _freedUncommitted.Clear();
        CrashPoints.Hit("committed");
        return new CommitResult(truncated, punched);
    }

    /// <summary>
    /// Whether new pages may go to slots freed by an earlier commit (true by default). A feed that writes while
    /// a reader still maps an older generation turns this off: the old manifest may still name those slots, so
    /// new pages are appended instead (the reader never looks past its own page count).
    /// </summary>
    public bool ReuseFreedSlots { get; set; } = true;

    /// <summary>Whether the store (committed or pending) holds <paramref name="hash"/>.</summary>
    public bool Contains(PageHash hash) => _data.Index.ContainsKey(hash);

    /// <summary>Distinct pages held, pending ones included.</summary>
    public long PageCount => _data.Index.Count;

    /// <summary>Every hash held, pending ones included (a copy, for a feed's first handshake).</summary>
    public PageHash[] HeldHashes() => [.. _data.Index.Keys];

    /// <summary>
    /// Adds pages that arrive already hashed (a store feed): each of <paramref name="pages"/>' 4096-byte pages is
    /// re-hashed first and the whole call is refused, nothing written, if any does not match its claimed hash
    /// or is all zero. Pages the store already holds are skipped. Not durable until <see cref="Commit"/>; a page
    /// no guest map selects goes at the next <see cref="CollectGarbage"/>.
    /// </summary>
    /// <returns>How many pages were new.</returns>
    /// <exception cref="StoreException">A page's bytes do not match its hash (names the index and both hashes).</exception>
    public int AddPages(ReadOnlySpan<PageHash> hashes, ReadOnlySpan<byte> pages)
    {
        if (pages.Length != hashes.Length * PageSize.Bytes)
        {
            throw new ArgumentException($"{hashes.Length} pages of {PageSize.Bytes} bytes ({hashes.Length * PageSize.Bytes} bytes) were expected, found {pages.Length} bytes", nameof(pages));
        }

        var actual = new PageHash[Math.Min(hashes.Length, PageSize.BatchPages)];
        var types = new PageType[actual.Length];
        for (int start = 0; start < hashes.Length; start += actual.Length)
        {
            int n = Math.Min(actual.Length, hashes.Length - start);
            _engine.Classify(pages.Slice(start * PageSize.Bytes, n * PageSize.Bytes), actual.AsSpan(0, n), types.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                if (types[i] == PageType.Zero)
                {
                    throw new StoreException($"page {start + i} of the batch: a non-zero page was expected, found an all-zero page");
                }

                if (actual[i] != hashes[start + i])
                {
                    throw new StoreException($"page {start + i} of the batch: expected bytes hashing to {hashes[start + i]}, found bytes hashing to {actual[i]}");
                }
            }
        }

        int added = 0;
        for (int i = 0; i < hashes.Length; i++)
        {
            if (Put(hashes[i], pages.Slice(i * PageSize.Bytes, PageSize.Bytes)))
            {
                added++;
            }
        }

        _pending.Flush();
        return added;
    }

    /// <summary>
    /// Replaces <paramref name="guest"/>'s map with <paramref name="entries"/> (what the guest looked like at a
    /// scan done elsewhere, e.g. by a VmActor). An entry stays selected only if the store holds its hash, so a
    /// map never names a page the store lacks. Entries are sorted by frame; a frame given twice is refused.
    /// Not durable until <see cref="Commit"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is invalid or a frame repeats.</exception>
    public void SetGuestMap(string guest, IEnumerable<GuestMapEntry> entries, uint scans, DateTimeOffset scanTime)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ValidateGuestName(guest);
        GuestMapEntry[] sorted = [.. entries.Select(e => e.Selected && !_data.Index.ContainsKey(e.Hash) ? e with { Selected = false } : e).OrderBy(e => e.Frame)];
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Frame == sorted[i - 1].Frame)
            {
                throw new ArgumentException($"a map with each frame once was expected, found frame {sorted[i].Frame} twice", nameof(entries));
            }
        }

        _data.Guests[guest] = new ManifestData.GuestData
        {
            Name = guest,
            Scans = scans,
            ScanTimeMs = scanTime.ToUnixTimeMilliseconds(),
            Entries = sorted,
        };
    }

    /// <summary>Stores a copy of <paramref name="page"/> under <paramref name="hash"/> unless already held; true if written.</summary>
    private bool Put(PageHash hash, ReadOnlySpan<byte> page)
    {
        if (!TryAllocate(hash, out uint slot))
        {
            return false;
        }

        _pending.Add(slot, page);
        return true;
    }

    /// <summary>
    /// Like <see cref="Put(PageHash, ReadOnlySpan{byte})"/>, but the pending write refers to <paramref name="page"/>
    /// instead of copying it: the caller must not change those bytes until the next <see cref="PendingWrites.Flush"/>.
    /// </summary>
    private bool PutReferenced(PageHash hash, ReadOnlyMemory<byte> page)
    {
        if (!TryAllocate(hash, out uint slot))
        {
            return false;
        }

        _pending.AddReference(slot, page);
        return true;
    }

    /// <summary>Adds <paramref name="hash"/> to the index with a slot of its own; false if it is already held.</summary>
    private bool TryAllocate(PageHash hash, out uint slot)
    {
        // One hash-table probe for both the test and the insert: the fresh build does this for every page.
        ref uint slotRef = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_data.Index, hash, out bool exists);
        if (exists)
        {
            slot = 0;
            return false;
        }

        if (_reusable.Count > 0 && ReuseFreedSlots)
        {
            slot = _reusable.Min;
            _reusable.Remove(slot);
        }
        else
        {
            if (_nextSlot >= uint.MaxValue)
            {
                _data.Index.Remove(hash);
                throw new StoreException($"{_directory}: the page area is full ({uint.MaxValue} slots)");
            }

            slot = (uint)_nextSlot++;
        }

        slotRef = slot;
        return true;
    }

    /// <summary>Releases the lock and the page area handle; uncommitted changes are dropped.</summary>
    public void Dispose()
    {
        _pages.Dispose();
        _lock.Dispose();
    }

    /// <summary>
    /// Pages waiting to be written, grouped into runs of consecutive slots: one gathering write (pwritev) per run.
    /// A page is either copied into the pending buffer or, for the builder's own batch buffer, referred to in
    /// place, which saves a 4 KiB copy per new page; the builder flushes before it refills that buffer.
    /// </summary>
    private sealed class PendingWrites(PageStoreWriter owner)
    {
        private readonly byte[] _buffer = new byte[PageSize.BatchPages * PageSize.Bytes];
        private readonly uint[] _slots = new uint[PageSize.BatchPages];
        private readonly ReadOnlyMemory<byte>[] _pages = new ReadOnlyMemory<byte>[PageSize.BatchPages];
        private readonly List<ReadOnlyMemory<byte>> _run = new(PageSize.BatchPages);
        private int _count;
        private int _copied;

        public void Add(uint slot, ReadOnlySpan<byte> page)
        {
            if (_count == _slots.Length)
            {
                Flush();
            }

            Memory<byte> copy = _buffer.AsMemory(_copied * PageSize.Bytes, PageSize.Bytes);
            page[..PageSize.Bytes].CopyTo(copy.Span);
            _copied++;
            _pages[_count] = copy;
            _slots[_count++] = slot;
        }

        public void AddReference(uint slot, ReadOnlyMemory<byte> page)
        {
            if (_count == _slots.Length)
            {
                Flush();
            }

            _pages[_count] = page[..PageSize.Bytes];
            _slots[_count++] = slot;
        }

        public void Flush()
        {
            int start = 0;
            while (start < _count)
            {
                int end = start + 1;
                while (end < _count && _slots[end] == _slots[end - 1] + 1)
                {
                    end++;
                }

                _run.Clear();
                for (int i = start; i < end; i++)
                {
                    _run.Add(_pages[i]);
                }

                CrashPoints.Hit("pages-write");
                RandomAccess.Write(owner._pages.Handle, _run, StoreFormat.SlotOffset(_slots[start]));
                start = end;
            }

            Array.Clear(_pages, 0, _count);
            _count = 0;
            _copied = 0;
        }
    }

    /// <summary>
    /// The state of one AddScan: per-frame hashes, stability and decisions (<see cref="FrameState"/>), per-hash
    /// snapshot counts for k-of-n, and the counts the report needs. Per page the work is one classify (in
    /// batches), one append, one step of a cursor through the previous scan, and for a kept page one index
    /// lookup; the report's distinct-page counts are computed once at the end by sorting.
    /// </summary>
    private sealed class GuestScan
    {
        private const byte PolicyKept = 0;
        private const byte PolicyLeft = 1;
        private const byte OverBudget = 2;

        private readonly PageStoreWriter _owner;
        private readonly SelectionOptions _options;
        private readonly int _snapshotCount;
        private readonly string[] _reasonText;
        private readonly Dictionary<PageHash, int> _snapshotsWith = [];
        private FrameState _state;
        private readonly HashSet<PageHash> _changedDuringScan = [];
        private readonly byte[] _pages = new byte[PageSize.BatchPages * PageSize.Bytes];
        private readonly ulong[] _frameNumbers = new ulong[PageSize.BatchPages];
        private readonly PageHash[] _hashes = new PageHash[PageSize.BatchPages];
        private readonly PageType[] _types = new PageType[PageSize.BatchPages];
        private long _bytesRead;
        private long _frames;
        private long _zeroFrames;
        private long _newPages;
        private long _selectedPages;

        public GuestScan(PageStoreWriter owner, SelectionOptions options, int snapshotCount, ManifestData.GuestData? previous)
        {
            _owner = owner;
            _options = options;
            _snapshotCount = snapshotCount;
            _state = previous is null ? new FrameState(0) : FrameState.FromMap(previous.Entries);
            _reasonText = options.Policy switch
            {
                SelectionPolicy.KOfN => [$"in at least {options.K} of {snapshotCount} snapshots", $"in fewer than {options.K} of {snapshotCount} snapshots", "over budget"],
                SelectionPolicy.Stable => [$"unchanged at its frame for >= {options.MinStableScans} scans", $"changed within the last {options.MinStableScans} scans", "over budget"],
                _ => ["non-zero", "non-zero", "over budget"],
            };
        }

        public void ReadSnapshot(IPageSource source, bool last)
        {
            var next = new FrameState(_state.Count);
            var seen = _options.Policy == SelectionPolicy.KOfN ? new HashSet<PageHash>() : null;
            bool decideNow = last && _options.BudgetBytes is null;
            int n;
            while ((n = ReadBatch(source, countFrames: last)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    if (_types[i] == PageType.Zero)
                    {
                        continue;
                    }

                    ulong frame = _frameNumbers[i];
                    PageHash hash = _hashes[i];
                    uint stable = _state.TryFind(frame, out PageHash prior, out uint priorStable) && prior == hash ? priorStable + 1 : 1;
                    int at = next.Add(frame, hash, stable);
                    seen?.Add(hash);
                    if (decideNow)
                    {
                        int count = seen is null ? 0 : _snapshotsWith.GetValueOrDefault(hash) + 1;
                        bool keep = Decide(stable, count);
                        next.Decisions[at] = keep ? PolicyKept : PolicyLeft;
                        if (keep && _owner.PutReferenced(hash, _pages.AsMemory(i * PageSize.Bytes, PageSize.Bytes)))
                        {
                            _newPages++;
                        }
                    }
                }

                // New pages refer to _pages in place: written before the next batch overwrites it.
                _owner._pending.Flush();
            }

            if (seen is not null)
            {
                foreach (PageHash h in seen)
                {
                    _snapshotsWith[h] = _snapshotsWith.GetValueOrDefault(h) + 1;
                }
            }

            next.Normalize();
            _state = next;
        }

        private bool Decide(uint stable, int snapshotsWith) => _options.Policy switch
        {
            SelectionPolicy.KOfN => snapshotsWith >= _options.K,
            SelectionPolicy.Stable => stable >= _options.MinStableScans,
            _ => true,
        };

        /// <summary>Ranks the passing pages (most stable, then most frequent, then lowest frame) and keeps those within budget.</summary>
        public void ApplyBudgetAndWrite(IPageSource last)
        {
            long budgetPages = _options.BudgetBytes!.Value / PageSize.Bytes;
            ReadOnlySpan<PageHash> hashes = _state.Hashes;
            ReadOnlySpan<uint> stableScans = _state.Stable;
            Span<byte> decisions = _state.Decisions;
            var candidates = new List<(int At, ulong Frame, uint Stable, int Count)>();
            for (int i = 0; i < _state.Count; i++)
            {
                int count = _snapshotsWith.GetValueOrDefault(hashes[i]);
                if (Decide(stableScans[i], count))
                {
                    candidates.Add((i, _state.Frames[i], stableScans[i], count));
                }
                else
                {
                    decisions[i] = PolicyLeft;
                }
            }

            candidates.Sort(static (a, b) =>
            {
                int c = b.Stable.CompareTo(a.Stable);
                c = c != 0 ? c : b.Count.CompareTo(a.Count);
                return c != 0 ? c : a.Frame.CompareTo(b.Frame);
            });
            var chosen = new HashSet<PageHash>();
            foreach ((int at, _, _, _) in candidates)
            {
                PageHash hash = hashes[at];
                if (chosen.Contains(hash) || chosen.Count < budgetPages)
                {
                    chosen.Add(hash);
                    decisions[at] = PolicyKept;
                }
                else
                {
                    decisions[at] = OverBudget;
                }
            }

            // Second pass: the bytes of chosen pages the store lacks. A live file may have changed since
            // the first pass; a page is written only if it still hashes to a chosen hash.
            var wanted = new HashSet<PageHash>(chosen.Where(h => !_owner._data.Index.ContainsKey(h)));
            last.Rewind();
            int n;
            while ((n = ReadBatch(last, countFrames: false)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    if (_types[i] != PageType.Zero && wanted.Remove(_hashes[i]) && _owner.PutReferenced(_hashes[i], _pages.AsMemory(i * PageSize.Bytes, PageSize.Bytes)))
                    {
                        _newPages++;
                    }
                }

                _owner._pending.Flush();
            }

            _changedDuringScan.UnionWith(wanted);
        }

        /// <summary>Reads and classifies the next batch of <paramref name="source"/> into the scan's buffers; returns its page count.</summary>
        private int ReadBatch(IPageSource source, bool countFrames)
        {
            int n = source.Read(_frameNumbers, _pages);
            if (n <= 0)
            {
                return 0;
            }

            _bytesRead += (long)n * PageSize.Bytes;
            _owner._engine.Classify(_pages.AsSpan(0, n * PageSize.Bytes), _hashes.AsSpan(0, n), _types.AsSpan(0, n));
            if (countFrames)
            {
                _frames += n;
                foreach (PageType t in _types.AsSpan(0, n))
                {
                    _zeroFrames += t == PageType.Zero ? 1 : 0;
                }
            }

            return n;
        }

        public GuestMapEntry[] FinishMap()
        {
            var entries = new GuestMapEntry[_state.Count];
            ReadOnlySpan<ulong> frames = _state.Frames;
            ReadOnlySpan<PageHash> hashes = _state.Hashes;
            ReadOnlySpan<uint> stable = _state.Stable;
            ReadOnlySpan<byte> decisions = _state.Decisions;
            bool anyChanged = _changedDuringScan.Count > 0;
            var selected = new List<PageHash>(entries.Length);
            for (int i = 0; i < entries.Length; i++)
            {
                bool keep = decisions[i] == PolicyKept && !(anyChanged && _changedDuringScan.Contains(hashes[i]));
                entries[i] = new GuestMapEntry(frames[i], hashes[i], stable[i], keep);
                if (keep)
                {
                    selected.Add(hashes[i]);
                }
            }

            _selectedPages = HashSort.CountDistinct(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(selected));
            return entries;
        }

        public SelectionReport Report(string guest)
        {
            // Frames and distinct pages per decision; a reason shared by two codes ("non-zero") is one line.
            var byReason = new Dictionary<string, (bool Selected, List<PageHash> Pages)>(StringComparer.Ordinal);
            ReadOnlySpan<PageHash> hashes = _state.Hashes;
            ReadOnlySpan<byte> decisions = _state.Decisions;
            for (int i = 0; i < hashes.Length; i++)
            {
                byte d = decisions[i];
                if (d == FrameState.Undecided)
                {
                    continue;
                }

                string reason = _reasonText[d];
                if (!byReason.TryGetValue(reason, out (bool Selected, List<PageHash> Pages) r))
                {
                    r = (d == PolicyKept, []);
                    byReason[reason] = r;
                }

                r.Pages.Add(hashes[i]);
            }

            ImmutableArray<SelectionReason> reasons = byReason
                .Select(kv => new SelectionReason(kv.Key, kv.Value.Selected, kv.Value.Pages.Count,
                    HashSort.CountDistinct(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kv.Value.Pages))))
                .OrderByDescending(r => r.Selected).ThenByDescending(r => r.Frames)
                .ToImmutableArray();
            return new SelectionReport(guest, _options.Describe(), _snapshotCount, _bytesRead, _frames, _zeroFrames, reasons,
                _selectedPages, Math.Max(0, _selectedPages - _newPages), _newPages, _changedDuringScan.Count);
        }
    }
}
