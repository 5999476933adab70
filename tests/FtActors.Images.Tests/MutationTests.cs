using FsCheck;
using FsCheck.Fluent;

namespace FtActors.Images.Tests;

/// <summary>
/// Every reader, fed valid images with bytes flipped, cut off or inserted, either reads them or throws
/// <see cref="ImageFormatException"/>: never another exception, never a hang.
/// </summary>
public sealed class MutationTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(120);

    public static TheoryData<string> Formats => ["xl", "xl-legacy", "libxl", "libxc-be", "legacy32", "legacy64", "qemu", "mapped-ram", "elf", "raw", "shared-ram"];

    private static byte[] Valid(string format) => format switch
    {
        "xl" => XenImages.Xl(XenImages.Libxl(XenImages.Libxc([[new XenEntry(0, 0, 1), new XenEntry(1, 1, 2), new XenEntry(2, 0xF, 0)]]))),
        "libxl" => XenImages.Libxl(XenImages.Libxc([[new XenEntry(0, 0, 1)], [new XenEntry(5, 9, 2)]], bigEndian: true), bigEndian: true),
        "libxc-be" => XenImages.Libxc([[new XenEntry(0, 0, 1), new XenEntry(1, 0xE, 0)]], bigEndian: true),
        "xl-legacy" => XenImages.Xl(XenImages.Legacy(4, 8, [[new XenEntry(1, 0, 1)]], xendHeader: false), mandatoryFlags: 1),
        "legacy32" => XenImages.Legacy(4, 8, [[new XenEntry(3, 0, 1), new XenEntry(4, 2, 2), new XenEntry(5, 0xF, 0)]]),
        "legacy64" => XenImages.Legacy(8, 8, [[new XenEntry(3, 0, 1)], [new XenEntry(1, 0xC, 2)]], extInfo: true),
        "qemu" => QemuImages.Stream([("pc.ram", 8 * 4096), ("pc.bios", 4096)], [[new RamRecord("pc.ram", 0, 1), new RamRecord("pc.ram", 4096, null)], [new RamRecord("pc.bios", 0, 2), new RamRecord("pc.ram", 8192, 3)]]),
        "mapped-ram" => QemuImages.MappedRam([("pc.ram", 4 * 4096, [1, null, 2, null])]),
        "elf" => QemuImages.Elf([(0, [1, null], 1), (0x10000, [2], 0)]),
        _ => [.. TestPages.Page(1), .. TestPages.Page(2)],
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Open_MutatedImage_ReadsOrThrowsImageFormatException(string format)
    {
        byte[] valid = Valid(format);
        using (var files = new TempFiles())
        {
            // The unmutated image must read, or the property below would prove nothing.
            using var image = ImageReader.Open(files.Write(valid), OptionsFor(format));
            Assert.NotEmpty(TestPages.ReadAll(image));
        }

        var mutations =
            from kind in Gen.Choose(0, 3)
            from position in Gen.Choose(0, valid.Length - 1)
            from value in Gen.Choose(0, 255)
            from length in Gen.Choose(1, 16)
            select (kind, position, value, length);
        Prop.ForAll(mutations.ToArbitrary(), m => ReadsOrRefuses(Mutate(valid, m), OptionsFor(format))).Check(Runs);
    }

    [Fact]
    public void Open_RandomBytesAfterMagic_ReadsOrThrowsImageFormatException()
    {
        string[] magics = ["QEVM", "\u007fELF", "LinuxGuestRecord", "LibxlFmt", "Xen saved domain, xl format\n \0 \r"];
        var inputs =
            from magic in Gen.Elements(magics)
            from seed in Gen.Choose(0, int.MaxValue)
            from length in Gen.Choose(0, 9000)
            select (magic, seed, length);
        Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            var tail = new byte[input.length];
            new Random(input.seed).NextBytes(tail);
            ReadsOrRefuses([.. System.Text.Encoding.Latin1.GetBytes(input.magic), .. tail], new ImageOpenOptions());
        }).Check(Runs);
    }

    private static byte[] Mutate(byte[] valid, (int Kind, int Position, int Value, int Length) m)
    {
        var bytes = valid.ToList();
        switch (m.Kind)
        {
            case 0:
                bytes[m.Position] ^= (byte)(1 << (m.Value % 8));
                break;
            case 1:
                bytes[m.Position] = (byte)m.Value;
                break;
            case 2:
                bytes.RemoveRange(m.Position, bytes.Count - m.Position);
                break;
            default:
                bytes.InsertRange(m.Position, Enumerable.Repeat((byte)m.Value, m.Length));
                break;
        }

        return bytes.ToArray();
    }

    // The shared RAM file has no magic: it is only ever opened by being named as such.
    private static ImageOpenOptions OptionsFor(string format) =>
        format == "shared-ram" ? new ImageOpenOptions { Format = ImageFormat.SharedRamFile } : new ImageOpenOptions();

    private static void ReadsOrRefuses(byte[] bytes, ImageOpenOptions options)
    {
        using var files = new TempFiles();
        string path = files.Write(bytes);
        try
        {
            using var image = ImageReader.Open(path, options);
            // A mutated size field may describe terabytes of (zero) RAM legitimately; read a bounded prefix.
            int batches = 0;
            foreach (var batch in image.ReadBatches(256))
            {
                Assert.InRange(batch.Count, 1, 256);
                if (++batches == 64)
                {
                    break;
                }
            }
        }
        catch (ImageFormatException e)
        {
            Assert.Equal(path, e.File);
            Assert.False(string.IsNullOrEmpty(e.Expected));
            Assert.False(string.IsNullOrEmpty(e.Found));
        }
    }
}
