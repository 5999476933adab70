namespace FtActors.Pages;

/// <summary>
/// Argument checks shared by the engines. A batch is <c>types.Length</c> pages; the page bytes and the
/// hash array must match it exactly, because a length mismatch means the caller sliced the wrong batch.
/// </summary>
internal static class BatchShape
{
    public static int Check(ReadOnlySpan<byte> pages, int hashCount, int typeCount)
    {
        long expectedBytes = (long)typeCount * PageSize.Bytes;
        if (pages.Length != expectedBytes)
        {
            ThrowBadPages(expectedBytes, pages.Length, typeCount, nameof(pages));
        }

        if (hashCount != typeCount)
        {
            ThrowBadHashes(typeCount, hashCount, "hashes");
        }

        return typeCount;
    }

    private static void ThrowBadPages(long expected, int found, int count, string paramName) =>
        throw new ArgumentException(
            $"Expected {expected} bytes of pages ({count} pages of {PageSize.Bytes} bytes, one per type slot) but found {found} bytes.",
            paramName);

    private static void ThrowBadHashes(int expected, int found, string paramName) =>
        throw new ArgumentException($"Expected a hash span of {expected} entries (one per page) but found {found}.", paramName);
}
