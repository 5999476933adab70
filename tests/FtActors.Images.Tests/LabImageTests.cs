using FtActors.Images.Analysis;
using FtActors.Pages;

namespace FtActors.Images.Tests;

/// <summary>
/// One stopped QEMU 10 guest saved five ways must give the same page at every guest-physical frame. QEMU
/// refuses a second outgoing migration from a guest paused by the first, so the mapped-ram file comes from a
/// second QEMU that loaded the plain stream: a round trip that also checks the stream carried every page.
/// Differences allowed by design: blocks without a GPA (fw_cfg ROM blobs, pc.rom) exist only in the two
/// migration streams, and pc.bios only in the streams and the ELF dump.
/// </summary>
[Trait("Category", "Lab")]
public sealed class LabImageTests
{
    private const int RamMiB = 128;

    [LabFact]
    public async Task Open_SameStoppedGuestFiveWays_SamePagePerFrame()
    {
        await using var guest = await LabGuest.StartAsync(RamMiB);
        if (guest.Booted)
        {
            Assert.True(await guest.WaitForWorkloadAsync(), "the lab guest did not reach its workload; see serial.log in " + guest.Directory);
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        await guest.Qmp.StopAsync();
        string dir = guest.Directory;
        await guest.Qmp.PmemSaveAsync(0, guest.RamBytes, Path.Combine(dir, "mem.raw"));
        await guest.Qmp.DumpGuestMemoryAsync(Path.Combine(dir, "mem.elf"));
        if (guest.Booted)
        {
            // paging=true: segments follow the guest's page tables and may describe a physical page more than once.
            await guest.Qmp.ExecuteAsync("dump-guest-memory", new System.Text.Json.Nodes.JsonObject
            {
                ["paging"] = true, ["protocol"] = "file:" + Path.Combine(dir, "paging.elf"), ["detach"] = false,
            });
        }

        await guest.MigrateToFileAsync(Path.Combine(dir, "mem.stream"));
        await using var copy = await LabGuest.StartAsync(RamMiB, "copy", dir, incoming: true);
        await copy.LoadFromFileAsync(Path.Combine(dir, "mem.stream"));
        await copy.Qmp.MigrateSetCapabilitiesAsync(new Dictionary<string, bool> { ["mapped-ram"] = true });
        await copy.MigrateToFileAsync(Path.Combine(dir, "mem.mapped"));

        var options = new ImageOpenOptions { MainRamBlock = LabGuest.RamBlock };
        using var raw = ImageReader.Open(Path.Combine(dir, "mem.raw"), options);
        using var elf = ImageReader.Open(Path.Combine(dir, "mem.elf"), options);
        using var stream = ImageReader.Open(Path.Combine(dir, "mem.stream"), options);
        using var mapped = ImageReader.Open(Path.Combine(dir, "mem.mapped"), options);
        using var shared = ImageReader.Open(guest.RamFile, options with { Format = ImageFormat.SharedRamFile });
        using var copyShared = ImageReader.Open(copy.RamFile, options with { Format = ImageFormat.SharedRamFile });

        Assert.Equal(ImageFormat.Raw, raw.Format);
        Assert.Equal(ImageFormat.ElfCore, elf.Format);
        Assert.Equal(ImageFormat.QemuStream, stream.Format);
        Assert.Equal(ImageFormat.QemuMappedRam, mapped.Format);
        Assert.Equal("pc-i440fx-10.0", stream.Properties["machine"]);
        Assert.Contains("mapped-ram", mapped.Properties["capabilities"], StringComparison.Ordinal);

        var rawPages = TestPages.ReadAll(raw);
        long frames = guest.RamBytes / PageSize.Bytes;
        Assert.Equal(frames, rawPages.Count);
        Assert.True(rawPages.Values.Count(p => p.Hash != TestPages.ZeroHash) > 100, "the guest's RAM is nearly empty; nothing was compared");

        foreach (var image in new[] { elf, stream, mapped, shared, copyShared })
        {
            var pages = TestPages.ReadAll(image);
            var differing = rawPages.Where(p => !pages.TryGetValue(p.Key, out var other) || other.Hash != p.Value.Hash).Select(p => p.Key).Take(5).ToList();
            Assert.True(differing.Count == 0, $"{ImageReader.Name(image.Format)}: frames differ from pmemsave, e.g. {string.Join(", ", differing.Select(f => "0x" + f.ToString("x")))}");
        }

        if (guest.Booted)
        {
            using var paging = ImageReader.Open(Path.Combine(dir, "paging.elf"), options);
            var pagingPages = TestPages.ReadAll(paging);
            Assert.NotEmpty(pagingPages);
            var wrong = pagingPages.Where(p => rawPages.TryGetValue(p.Key, out var r) && r.Hash != p.Value.Hash).Select(p => p.Key).Take(5).ToList();
            Assert.True(wrong.Count == 0, $"paging=true dump differs from pmemsave at frames {string.Join(", ", wrong)}");
        }

        // pc.bios: in the ELF dump (PT_LOAD at 0xfffc0000) and in both streams (block placed below 4 GiB).
        var bios = stream.Regions.Single(r => r.Name == "pc.bios");
        Assert.Equal(0xfffc0000UL, bios.GuestPhysicalAddress);
        var elfPages = TestPages.ReadAll(elf);
        var streamPages = TestPages.ReadAll(stream);
        var mappedPages = TestPages.ReadAll(mapped);
        for (ulong f = bios.FirstFrame; f < bios.EndFrame; f++)
        {
            Assert.Equal(streamPages[f].Hash, elfPages[f].Hash);
            Assert.Equal(streamPages[f].Hash, mappedPages[f].Hash);
        }

        // Blocks with no GPA are in both streams, identical, and nowhere else.
        var unmapped = stream.Regions.Where(r => r.GuestPhysicalAddress is null).ToList();
        Assert.Contains(unmapped, r => r.Name == "pc.rom");
        Assert.All(unmapped.SelectMany(r => Frames(r)), f => Assert.Equal(streamPages[f].Hash, mappedPages[f].Hash));

        // The compare tool agrees: raw against the stream, every frame of the raw region the same.
        var report = new ImageComparer(PageEngines.Managed).Compare([raw, stream]);
        var ram = report.Pairs[0].Regions[0];
        Assert.Equal(frames, ram.Same);
        Assert.Equal(0, ram.Different + ram.Moved + ram.OnlyFirst + ram.OnlySecond);
    }

    private static IEnumerable<ulong> Frames(ImageRegion region)
    {
        for (ulong f = region.FirstFrame; f < region.EndFrame; f++)
        {
            yield return f;
        }
    }
}
