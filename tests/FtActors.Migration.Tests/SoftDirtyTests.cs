using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Migration.Streaming;

namespace FtActors.Migration.Tests;

public sealed class SoftDirtyTests
{
    [Fact]
    public void Parse_GeneratedMapsLines_RoundTripsEveryField()
    {
        var arb = Gen.Choose(0, int.MaxValue).SelectMany(a => Gen.Choose(0, 1 << 20).SelectMany(len => Gen.Choose(0, 1 << 20)
            .SelectMany(off => Gen.Elements("rw-s", "r--p", "r-xp", "---p").SelectMany(perm => Gen.Elements("", "/srv/lab/run/g1/ram", "[heap]", "/a b/with space")
                .Select(path => ((ulong)a << 12, (ulong)len << 12, (ulong)off << 12, perm, path)))))).ToArbitrary();
        Prop.ForAll(arb, c =>
        {
            var (start, length, offset, perm, path) = c;
            var text = string.Create(CultureInfo.InvariantCulture, $"{start:x}-{start + length:x} {perm} {offset:x8} fd:01 1234   {path}").TrimEnd();
            var line = ProcMapsLine.Parse(text, 7);
            return line == new ProcMapsLine(start, start + length, perm, offset, path);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_MutatedLines_ParseOrThrowMigrationExceptionWithTheLine()
    {
        const string good = "7f0000000000-7f0040000000 rw-s 00000000 fd:01 5678 /srv/run/g/ram";
        var arb = Gen.Choose(0, good.Length - 1).SelectMany(at => Gen.Elements('-', ' ', 'x', 'g', '0', '\t', 'Z').SelectMany(ch => Gen.Choose(0, 2)
            .Select(op => op switch
            {
                0 => good.Remove(at, 1),
                1 => good.Insert(at, ch.ToString()),
                _ => good[..at],
            }))).ToArbitrary();
        Prop.ForAll(arb, text =>
        {
            try
            {
                ProcMapsLine.Parse(text, 3);
                return true;
            }
            catch (MigrationException e)
            {
                return e.Message.Contains("maps line 3:", StringComparison.Ordinal) && e.Message.Contains("expected", StringComparison.Ordinal);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void FindMapping_QemuLikeMaps_ReturnsTheSharedWholeFileMapping()
    {
        string[] maps =
        [
            "55d0c0000000-55d0c0100000 r-xp 00000000 fd:01 11 /usr/bin/qemu-system-x86_64",
            "7f1000000000-7f1008000000 rw-p 00000000 00:00 0 ",
            "7f2000000000-7f2010000000 rw-s 00000000 fd:01 99 /run/g/ram",
            "7f3000000000-7f3000001000 rw-s 00001000 fd:01 99 /run/g/ram",
            "",
        ];
        var found = SoftDirtyTracker.FindMapping(maps, "/run/g/ram", 65536);
        Assert.Equal(0x7f2000000000UL, found?.Start);
        Assert.Null(SoftDirtyTracker.FindMapping(maps, "/run/g/ram", 65537));
        Assert.Null(SoftDirtyTracker.FindMapping(maps, "/run/other/ram", 1));
    }

    [Fact]
    public void ProbeKernel_ThisHost_AnswersWithoutThrowingAndNamesTheConfigWhenMissing()
    {
        // This machine's kernel (6.18, CONFIG_MEM_SOFT_DIRTY not set) has no soft-dirty bits; others may.
        var reason = SoftDirtyTracker.ProbeKernel();
        Assert.True(reason is null || reason.Contains("soft-dirty", StringComparison.Ordinal), reason);
    }

    [Fact]
    public void IsSoftDirty_Bit55_OnlyThatBitCounts()
    {
        Assert.True(SoftDirtyTracker.IsSoftDirty(1UL << 55));
        Assert.True(SoftDirtyTracker.IsSoftDirty((1UL << 55) | (1UL << 63)));
        Assert.False(SoftDirtyTracker.IsSoftDirty(ulong.MaxValue & ~(1UL << 55)));
    }

    [Fact]
    public void DirtyFrameSet_AddAndClear_CountsAndContainsExactly()
    {
        var set = new DirtyFrameSet(130);
        set.Add(0);
        set.Add(63);
        set.Add(64);
        set.Add(129);
        Assert.Equal(4, set.Count);
        Assert.True(set.Contains(129) && set.Contains(64) && !set.Contains(65));
        set.Clear();
        Assert.Equal(0, set.Count);
    }
}
