namespace FtActors.Pages;

/// <summary>
/// A frame-number map in managed memory, the same two forms as the native <c>ftp_framemap</c>: a dense
/// array indexed by <c>from - min</c> when the source range is at most four times the pair count (or
/// 64 Ki frames), else sorted keys searched by bisection. Missing slots of the dense form hold
/// <see cref="ulong.MaxValue"/>, which no 40-bit frame can equal.
/// </summary>
internal sealed class ManagedFrameMap
{
    private const ulong Missing = ulong.MaxValue;

    private readonly ulong _min;
    private readonly ulong[] _values;
    private readonly ulong[]? _keys;

    public ManagedFrameMap(ReadOnlySpan<ulong> from, ReadOnlySpan<ulong> to)
    {
        if (from.Length != to.Length)
        {
            throw new ArgumentException($"Expected as many target frames as source frames ({from.Length}) but found {to.Length}.", nameof(to));
        }

        ulong min = ulong.MaxValue;
        ulong max = 0;
        for (int i = 0; i < from.Length; i++)
        {
            if (from[i] >= PvPageTableRules.FrameLimit || to[i] >= PvPageTableRules.FrameLimit)
            {
                throw new FrameMapException(i, from[i] >= PvPageTableRules.FrameLimit ? from[i] : to[i], duplicate: false);
            }

            min = Math.Min(min, from[i]);
            max = Math.Max(max, from[i]);
        }

        Count = from.Length;
        ulong span = from.Length == 0 ? 0 : max - min + 1;
        if (span <= Math.Max((ulong)from.Length * 4, 65536UL))
        {
            IsDense = true;
            _min = min;
            _values = new ulong[span];
            Array.Fill(_values, Missing);
            for (int i = 0; i < from.Length; i++)
            {
                ref ulong slot = ref _values[from[i] - min];
                if (slot != Missing)
                {
                    throw new FrameMapException(i, from[i], duplicate: true);
                }

                slot = to[i];
            }

            return;
        }

        _keys = from.ToArray();
        int[] order = new int[from.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(_keys, order);
        ThrowOnFirstRepeat(_keys, order, from);
        _values = new ulong[from.Length];
        for (int i = 0; i < order.Length; i++)
        {
            _values[i] = to[order[i]];
        }
    }

    public long Count { get; }

    public bool IsDense { get; }

    public bool TryMap(ulong from, out ulong to)
    {
        if (_keys is null)
        {
            ulong offset = from - _min;
            if (from >= _min && offset < (ulong)_values.Length && _values[offset] != Missing)
            {
                to = _values[offset];
                return true;
            }

            to = 0;
            return false;
        }

        int index = Array.BinarySearch(_keys, from);
        to = index >= 0 ? _values[index] : 0;
        return index >= 0;
    }

    /// <summary>
    /// Reports the first pair, in input order, whose source frame appeared before: within each run of
    /// equal keys that is the second-smallest input index, and the first repeat overall is the least of
    /// those. The dense form and the native map report the same pair.
    /// </summary>
    private static void ThrowOnFirstRepeat(ulong[] keys, int[] order, ReadOnlySpan<ulong> from)
    {
        int firstRepeat = int.MaxValue;
        int start = 0;
        while (start < keys.Length)
        {
            int end = start + 1;
            int smallest = order[start];
            int second = int.MaxValue;
            while (end < keys.Length && keys[end] == keys[start])
            {
                int index = order[end];
                if (index < smallest)
                {
                    second = smallest;
                    smallest = index;
                }
                else if (index < second)
                {
                    second = index;
                }

                end++;
            }

            firstRepeat = Math.Min(firstRepeat, second);
            start = end;
        }

        if (firstRepeat != int.MaxValue)
        {
            throw new FrameMapException(firstRepeat, from[firstRepeat], duplicate: true);
        }
    }
}
