using System.Runtime.CompilerServices;
using FtActors.Pages;

namespace FtActors.Images.Analysis;

/// <summary>
/// Walks an image frame by frame with each page's hash and kind, classifying a whole batch at a time through
/// the engine. Batches the reader already knows to be zero or absent are not hashed at all.
/// </summary>
/// <remarks>
/// The readers' own images (<see cref="GuestImage"/>) are walked through <see cref="GuestImage.ReadHashed"/>,
/// which hashes each small read while it is still in cache and never fills a 4 MiB batch of bytes; any other
/// <see cref="IGuestImage"/> goes through <see cref="IGuestImage.ReadBatches"/> and one Classify per batch.
/// Both give the same frames, hashes and kinds.
/// </remarks>
internal sealed class ClassifiedPages : IDisposable
{
    private readonly IPageEngine _engine;
    private readonly IEnumerator<int>? _hashed;
    private readonly IEnumerator<PageBatch>? _batches;
    private readonly ulong[] _frames = new ulong[PageSize.BatchPages];
    private readonly PageType[] _readerTypes = new PageType[PageSize.BatchPages];
    private readonly PageHash[] _hashes = new PageHash[PageSize.BatchPages];
    private readonly PageType[] _types = new PageType[PageSize.BatchPages];
    private readonly PageHash _zeroHash;
    private int _count;
    private int _index = -1;

    public ClassifiedPages(IGuestImage image, IPageEngine engine, PageHash zeroHash)
    {
        _engine = engine;
        _zeroHash = zeroHash;
        if (image is GuestImage own)
        {
            _hashed = own.ReadHashed(engine, zeroHash, _frames, _readerTypes, _hashes, _types).GetEnumerator();
        }
        else
        {
            _batches = image.ReadBatches(PageSize.BatchPages).GetEnumerator();
        }
    }

    public ulong Frame { get; private set; }

    public PageHash Hash { get; private set; }

    public PageKind Kind { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        _index++;
        if (_index >= _count)
        {
            if (!NextBatch())
            {
                _count = 0;
                return false;
            }

            _index = 0;
        }

        Frame = _frames[_index];
        Hash = _hashes[_index];
        var readerType = _readerTypes[_index];
        Kind = readerType == PageType.NotPresent ? PageKind.Absent
            : _types[_index] == PageType.Zero ? PageKind.Zero
            : readerType == PageType.PageTable ? PageKind.PageTable
            : PageKind.Data;
        return true;
    }

    private bool NextBatch()
    {
        if (_hashed is not null)
        {
            if (!_hashed.MoveNext())
            {
                return false;
            }

            _count = _hashed.Current;
            return true;
        }

        if (!_batches!.MoveNext())
        {
            return false;
        }

        var batch = _batches.Current;
        _count = batch.Count;
        batch.Frames.CopyTo(_frames);
        batch.Types.CopyTo(_readerTypes);
        if (!batch.Types.ContainsAnyExcept(PageType.Zero, PageType.NotPresent))
        {
            _hashes.AsSpan(0, _count).Fill(_zeroHash);
            _types.AsSpan(0, _count).Fill(PageType.Zero);
        }
        else
        {
            _engine.Classify(batch.Pages, _hashes.AsSpan(0, _count), _types.AsSpan(0, _count));
        }

        return true;
    }

    public void Dispose()
    {
        _hashed?.Dispose();
        _batches?.Dispose();
    }
}
