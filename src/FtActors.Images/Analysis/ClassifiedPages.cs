using FtActors.Pages;

namespace FtActors.Images.Analysis;

/// <summary>
/// Walks an image frame by frame with each page's hash and kind, classifying a whole batch at a time through
/// the engine. Batches the reader already knows to be zero or absent are not hashed at all.
/// </summary>
internal sealed class ClassifiedPages : IDisposable
{
    private readonly IPageEngine _engine;
    private readonly IEnumerator<PageBatch> _batches;
    private readonly PageHash[] _hashes = new PageHash[PageSize.BatchPages];
    private readonly PageType[] _types = new PageType[PageSize.BatchPages];
    private readonly PageHash _zeroHash;
    private PageBatch? _batch;
    private int _index = -1;

    public ClassifiedPages(IGuestImage image, IPageEngine engine, PageHash zeroHash)
    {
        _engine = engine;
        _zeroHash = zeroHash;
        _batches = image.ReadBatches(PageSize.BatchPages).GetEnumerator();
    }

    public ulong Frame { get; private set; }

    public PageHash Hash { get; private set; }

    public PageKind Kind { get; private set; }

    public bool MoveNext()
    {
        _index++;
        if (_batch is null || _index >= _batch.Count)
        {
            if (!_batches.MoveNext())
            {
                _batch = null;
                return false;
            }

            _batch = _batches.Current;
            _index = 0;
            Classify(_batch);
        }

        Frame = _batch.Frames[_index];
        Hash = _hashes[_index];
        var readerType = _batch.Types[_index];
        Kind = readerType == PageType.NotPresent ? PageKind.Absent
            : _types[_index] == PageType.Zero ? PageKind.Zero
            : readerType == PageType.PageTable ? PageKind.PageTable
            : PageKind.Data;
        return true;
    }

    private void Classify(PageBatch batch)
    {
        int count = batch.Count;
        var readerTypes = batch.Types;
        if (!readerTypes.ContainsAnyExcept(PageType.Zero, PageType.NotPresent))
        {
            _hashes.AsSpan(0, count).Fill(_zeroHash);
            _types.AsSpan(0, count).Fill(PageType.Zero);
            return;
        }

        _engine.Classify(batch.Pages, _hashes.AsSpan(0, count), _types.AsSpan(0, count));
    }

    public void Dispose() => _batches.Dispose();
}
