using FtActors.Pages.Interop;

namespace FtActors.Pages;

/// <summary>
/// The page engine backed by libftpages.so (native/ftpages): one native call per batch, XXH3 inlined at
/// the widest vector level the CPU offers. Created only after the library loaded and reported the ABI
/// version this assembly expects.
/// </summary>
internal sealed unsafe class NativePageEngine : IPageBatchEngine
{
    /// <summary>Set to "managed" to keep the native engine out of <see cref="PageEngines.Default"/>.</summary>
    internal const string EngineVariable = "FTACTORS_PAGES_ENGINE";

    private NativePageEngine(int simdLevel)
    {
        SimdLevel = simdLevel;
    }

    public string Name => "native";

    /// <summary>What the library's kernels run at here: 1 SSE2, 2 AVX2, 3 AVX-512F, 0 portable C.</summary>
    public int SimdLevel { get; }

    /// <summary>Loads the library; on any failure returns null and says why in <paramref name="reason"/>.</summary>
    public static NativePageEngine? TryCreate(out string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable(EngineVariable), "managed", StringComparison.OrdinalIgnoreCase))
        {
            reason = $"{EngineVariable}=managed";
            return null;
        }

        try
        {
            FtPagesNative.EnsureResolver();
            int abi = FtPagesNative.AbiVersion();
            if (abi != FtPagesNative.ExpectedAbiVersion)
            {
                reason = $"libftpages ABI version {abi}, expected {FtPagesNative.ExpectedAbiVersion}: rebuild with scripts/build-native.sh";
                return null;
            }

            int level = FtPagesNative.SimdLevel();
            reason = $"libftpages loaded, kernels at {DescribeLevel(level)}";
            return new NativePageEngine(level);
        }
        catch (DllNotFoundException e)
        {
            reason = $"libftpages not found next to the assembly or in {FtPagesNative.NativeDirVariable}: {e.Message}";
        }
        catch (EntryPointNotFoundException e)
        {
            reason = $"libftpages lacks an expected export: {e.Message}";
        }
        catch (BadImageFormatException e)
        {
            reason = $"libftpages is not loadable on this platform: {e.Message}";
        }

        return null;
    }

    private static string DescribeLevel(int level) => level switch
    {
        3 => "AVX-512F",
        2 => "AVX2",
        1 => "SSE2",
        _ => "portable C",
    };

    public PageHash Hash(ReadOnlySpan<byte> data)
    {
        PageHash hash;
        int status;
        // Safety: data is pinned for the call only and the library reads exactly data.Length bytes;
        // hash is a local the library writes 16 bytes to.
        fixed (byte* bytes = data)
        {
            status = FtPagesNative.Hash(bytes, (nuint)data.Length, &hash);
        }

        NativeStatus.ThrowIfFailed(status, "ftp_hash");
        return hash;
    }

    public void Classify(ReadOnlySpan<byte> pages, Span<PageHash> hashes, Span<PageType> types)
    {
        int count = BatchShape.Check(pages, hashes.Length, types.Length);
        int status;
        // Safety: BatchShape checked pages holds count * 4096 bytes and hashes/types count entries each;
        // all three are pinned for the call only, and the library keeps no pointer past it.
        fixed (byte* pageBytes = pages)
        fixed (PageHash* hashPtr = hashes)
        fixed (PageType* typePtr = types)
        {
            status = FtPagesNative.Classify(pageBytes, (nuint)count, hashPtr, typePtr);
        }

        NativeStatus.ThrowIfFailed(status, "ftp_classify");
    }

    public PageHashSet CreateHashSet(ReadOnlySpan<PageHash> hashes)
    {
        SafeHashSetHandle handle;
        int status;
        // Safety: hashes is pinned for the call only; the library copies the hashes into its own table.
        fixed (PageHash* hashPtr = hashes)
        {
            status = FtPagesNative.HashSetCreate(hashPtr, (nuint)hashes.Length, out handle);
        }

        if (status != FtPagesNative.Ok)
        {
            handle.Dispose();
            NativeStatus.ThrowIfFailed(status, "ftp_hashset_create");
        }

        return new NativePageHashSet(handle);
    }

    public void Classify(ReadOnlySpan<byte> pages, PageHashSet? held, Span<PageHash> hashes, Span<PageType> types)
    {
        int count = BatchShape.Check(pages, hashes.Length, types.Length);
        NativePageHashSet? set = held is null ? null : held as NativePageHashSet ?? throw PageHashSet.WrongEngine(held, Name);
        bool addedRef = false;
        int status;
        try
        {
            // The set's handle is passed raw (it may be absent); the added reference keeps a concurrent
            // Dispose from freeing the table while the call reads it.
            set?.Handle.DangerousAddRef(ref addedRef);
            nint heldPtr = set is null ? 0 : set.Handle.DangerousGetHandle();
            // Safety: as in Classify above; heldPtr stays valid while the reference is held.
            fixed (byte* pageBytes = pages)
            fixed (PageHash* hashPtr = hashes)
            fixed (PageType* typePtr = types)
            {
                status = FtPagesNative.ClassifyMarked(pageBytes, (nuint)count, heldPtr, hashPtr, typePtr);
            }
        }
        finally
        {
            if (addedRef)
            {
                set!.Handle.DangerousRelease();
            }
        }

        NativeStatus.ThrowIfFailed(status, "ftp_classify_marked");
    }

    public PageTableCanonicaliser CreatePageTableCanonicaliser(ReadOnlySpan<ulong> sourceFrames, ReadOnlySpan<ulong> targetFrames, PvPagingMode mode) =>
        new NativePageTableCanonicaliser(sourceFrames, targetFrames, mode);

    /// <summary>XXH3-64 of each page, for the benchmark that weighs XXH3-128 against XXH3-64.</summary>
    internal void Hash64Pages(ReadOnlySpan<byte> pages, Span<ulong> hashes)
    {
        BatchShape.Check(pages, hashes.Length, hashes.Length);
        int status;
        // Safety: pages holds hashes.Length pages (checked above); both pinned for the call only.
        fixed (byte* pageBytes = pages)
        fixed (ulong* hashPtr = hashes)
        {
            status = FtPagesNative.Hash64Pages(pageBytes, (nuint)hashes.Length, hashPtr);
        }

        NativeStatus.ThrowIfFailed(status, "ftp_hash64_pages");
    }
}
