using FtActors.Pages.Hashing;

namespace FtActors.Pages;

/// <summary>Hashes that every node can compute without seeing a page, used to skip work on known content.</summary>
public static class KnownPageHashes
{
    /// <summary>
    /// XXH3-128 of 4096 zero bytes. Engines give it to every page typed <see cref="PageType.Zero"/> without
    /// hashing the page again, so a zero page costs one scan instead of a scan and a hash.
    /// </summary>
    public static PageHash ZeroPage { get; } = Xxh3.Hash128(new byte[PageSize.Bytes]);
}
