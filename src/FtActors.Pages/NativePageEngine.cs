namespace FtActors.Pages;

/// <summary>The page engine backed by libftpages.so (native/ftpages).</summary>
internal sealed class NativePageEngine : IPageBatchEngine
{
    public string Name => "native";
    public PageHash Hash(ReadOnlySpan<byte> data) => throw new NotSupportedException();
    public void Classify(ReadOnlySpan<byte> pages, Span<PageHash> hashes, Span<PageType> types) => throw new NotSupportedException();
    public PageHashSet CreateHashSet(ReadOnlySpan<PageHash> hashes) => throw new NotSupportedException();
    public void Classify(ReadOnlySpan<byte> pages, PageHashSet? held, Span<PageHash> hashes, Span<PageType> types) => throw new NotSupportedException();

    public static NativePageEngine? TryCreate(out string reason)
    {
        reason = "native engine not built yet";
        return null;
    }
}
