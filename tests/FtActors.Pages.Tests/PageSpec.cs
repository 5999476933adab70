using FsCheck;
using FsCheck.Fluent;

namespace FtActors.Pages.Tests;

/// <summary>What kind of page a property test builds: FsCheck shrinks this description, not 4096 bytes.</summary>
internal enum PageKind
{
    Zero,
    Random,
    OneNonZeroByte,
    Sparse,
}

/// <summary>A page described by its kind and the numbers needed to build its bytes deterministically.</summary>
internal sealed record PageSpec(PageKind Kind, int Offset, byte Value, int Seed)
{
    public static Gen<PageSpec> Generator { get; } =
        from kind in Gen.Elements(PageKind.Zero, PageKind.Random, PageKind.OneNonZeroByte, PageKind.Sparse)
        from offset in Gen.Choose(0, PageSize.Bytes - 1)
        from value in Gen.Choose(1, 255)
        from seed in Gen.Choose(0, int.MaxValue)
        select new PageSpec(kind, offset, (byte)value, seed);

    /// <summary>Batches of 0 to 40 pages (FsCheck's size grows them).</summary>
    public static Arbitrary<PageSpec[]> Batches { get; } = Arb.From(Gen.ArrayOf(Generator).Select(a => a.Length > 40 ? a[..40] : a));

    public void WriteTo(Span<byte> page)
    {
        page.Clear();
        switch (Kind)
        {
            case PageKind.Random:
                new Random(Seed).NextBytes(page);
                break;
            case PageKind.OneNonZeroByte:
                page[Offset] = Value;
                break;
            case PageKind.Sparse:
                var random = new Random(Seed);
                for (int i = 0; i < 8; i++)
                {
                    page[random.Next(PageSize.Bytes)] = (byte)random.Next(256);
                }

                break;
        }
    }

    public static byte[] Build(PageSpec[] specs)
    {
        byte[] pages = new byte[specs.Length * PageSize.Bytes];
        for (int i = 0; i < specs.Length; i++)
        {
            specs[i].WriteTo(pages.AsSpan(i * PageSize.Bytes, PageSize.Bytes));
        }

        return pages;
    }
}
