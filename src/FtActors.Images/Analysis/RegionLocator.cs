namespace FtActors.Images.Analysis;

/// <summary>Finds the region of ascending frames with a forward-moving pointer (falls back to a search when frames jump back).</summary>
internal sealed class RegionLocator(IReadOnlyList<ImageRegion> regions)
{
    private int _at;

    /// <summary>Index of the region holding <paramref name="frame"/>, or -1.</summary>
    public int Find(ulong frame)
    {
        if (regions.Count == 0)
        {
            return -1;
        }

        if (_at < regions.Count && regions[_at].Contains(frame))
        {
            return _at;
        }

        for (int i = 0; i < regions.Count; i++)
        {
            if (regions[i].Contains(frame))
            {
                _at = i;
                return i;
            }
        }

        return -1;
    }
}
