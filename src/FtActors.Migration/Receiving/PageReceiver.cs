using FtActors.Migration.Wire;
using FtActors.Pages;
using FtActors.Store;
using Microsoft.Win32.SafeHandles;

namespace FtActors.Migration.Receiving;

/// <summary>
/// Applies batches to the destination's RAM file: verifies every full page against the hash the sender
/// sent, fills referenced pages from the local store (which re-hashes what it reads, so a corrupt store
/// page is never used), writes zeros for pages that became zero, and writes runs of consecutive pages
/// with one pwrite each. A reference the store cannot resolve aborts the session: the destination is
/// then discarded and the source keeps running.
/// </summary>
public sealed class PageReceiver : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly IPageStore? _store;
    private readonly IPageEngine _engine;
    private readonly byte[] _buffer = new byte[PageSize.BatchPages * PageSize.Bytes];
    private readonly bool[] _write = new bool[PageSize.BatchPages];

    /// <summary>Opens <paramref name="ramFile"/> for writing in place (never truncated: QEMU may have it mapped).</summary>
    public PageReceiver(string ramFile, IPageStore? store, IPageEngine engine)
    {
        ArgumentNullException.ThrowIfNull(ramFile);
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _store = store;
        _file = File.OpenHandle(ramFile, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        FrameCount = RandomAccess.GetLength(_file) / PageSize.Bytes;
    }

    /// <summary>Pages in the destination RAM file.</summary>
    public long FrameCount { get; }

    /// <summary>What was applied so far.</summary>
    public ReceiverCounters Counters { get; } = new();

    /// <summary>Checks and applies one batch payload.</summary>
    /// <exception cref="PageProtocolException">The payload is malformed.</exception>
    /// <exception cref="MigrationException">A page does not match its hash, or a reference cannot be resolved.</exception>
    public void Apply(ReadOnlySpan<byte> payload)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var view = PageBatchCodec.Decode(payload, FrameCount);
        int hashIndex = 0, pageIndex = 0;
        for (var i = 0; i < view.Count; i++)
        {
            var frame = view.FirstFrame + (ulong)i;
            var slot = _buffer.AsSpan(i * PageSize.Bytes, PageSize.Bytes);
            _write[i] = true;
            switch (PageBatchView.TypeAt(payload, i))
            {
                case PageType.Normal:
                {
                    var hash = view.HashAt(payload, hashIndex++);
                    var page = view.PageAt(payload, pageIndex++);
                    var actual = _engine.Hash(page);
                    if (actual != hash)
                    {
                        throw new MigrationException($"page at frame {frame} does not match its hash: sender said {hash}, bytes hash to {actual}");
                    }

                    page.CopyTo(slot);
                    Counters.PagesReceived++;
                    break;
                }

                case PageType.AtDestination:
                {
                    var hash = view.HashAt(payload, hashIndex++);
                    if (_store is null || !_store.TryRead(hash, slot))
                    {
                        throw new MigrationException(
                            $"the reference to page {hash} at frame {frame} cannot be resolved: the local store " +
                            (_store is null ? "is absent" : "does not hold it or its bytes no longer match (corrupt store)"));
                    }

                    Counters.PagesFromStore++;
                    break;
                }

                case PageType.Zero:
                    slot.Clear();
                    Counters.ZeroPagesWritten++;
                    break;
                default:
                    _write[i] = false;
                    break;
            }
        }

        // One pwrite per run of consecutive written slots.
        var start = -1;
        for (var i = 0; i <= view.Count; i++)
        {
            var w = i < view.Count && _write[i];
            if (w && start < 0)
            {
                start = i;
            }
            else if (!w && start >= 0)
            {
                var bytes = _buffer.AsSpan(start * PageSize.Bytes, (i - start) * PageSize.Bytes);
                RandomAccess.Write(_file, bytes, (long)(view.FirstFrame + (ulong)start) * PageSize.Bytes);
                Counters.BytesWritten += bytes.Length;
                start = -1;
            }
        }

        Counters.Batches++;
        Counters.ApplyMs += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>Closes the RAM file.</summary>
    public void Dispose() => _file.Dispose();
}
