using FsCheck;
using FsCheck.Fluent;
using FtActors.Lab.Guests;

namespace FtActors.Lab.Tests;

public sealed class FtwLineParserTests
{
    private static readonly FsCheck.Config Quick = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Fact]
    public void Parse_IterationLineWithMs_ReadsEveryField()
    {
        var line = FtwLineParser.Parse("ftw readmostly iter=12 sum=00ff00ff00ff00ff ms=2659\r");
        Assert.Equal(new FtwLine("readmostly", FtwLineKind.Iteration, 12, 0x00ff00ff00ff00ffUL, 0, 2659), line);
    }

    [Fact]
    public void Parse_ExpectOutput_HasNoMs()
    {
        var line = FtwLineParser.Parse("ftw stencil iter=3 sum=b6849a73037e516e");
        Assert.Equal(FtwLineKind.Iteration, line.Kind);
        Assert.Null(line.Ms);
        Assert.Equal(0xb6849a73037e516eUL, line.Sum);
    }

    [Fact]
    public void Parse_ReadyAndFreedLines_ReadMb()
    {
        Assert.Equal(new FtwLine("readmostly", FtwLineKind.Ready, 0, 0, 64, 2571), FtwLineParser.Parse("ftw readmostly ready mb=64 ms=2571"));
        Assert.Equal(new FtwLine("fillfree", FtwLineKind.Freed, 0, 0, 32, 99), FtwLineParser.Parse("ftw fillfree freed mb=32 ms=99"));
    }

    [Theory]
    [InlineData("ftw-init: workload=idle mb=0", "'ftw <workload> ...'", 1)]
    [InlineData("ftw idle iter=x sum=0000000000000001", "a whole number", 15)]
    [InlineData("ftw idle iter=1 sum=12", "16 hex digits", 21)]
    [InlineData("ftw idle iter=1", "'sum=...'", 17)]
    [InlineData("ftw idle iter=1 sum=0000000000000001 ms=1 extra", "end of line", 43)]
    [InlineData("ftw Idle iter=1 sum=0000000000000001", "a workload name of lowercase letters", 5)]
    public void Parse_BadLine_SaysExpectedAndColumn(string text, string expected, int column)
    {
        var e = Assert.Throws<FtwFormatException>(() => FtwLineParser.Parse(text));
        Assert.Equal(expected, e.Expected);
        Assert.Equal(column, e.Column);
        Assert.Contains($"column {column}", e.Message, StringComparison.Ordinal);
        Assert.False(FtwLineParser.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_KernelMessage_IsNotProgress()
    {
        Assert.False(FtwLineParser.TryParse("[    0.000000] Linux version 6.1.0", out var p));
        Assert.Null(p);
        Assert.False(FtwLineParser.TryParse(null, out _));
    }

    [Fact]
    public void ToString_ThenParse_RoundTripsAnyLine()
    {
        var lines =
            from workload in Gen.Elements("idle", "readmostly", "stencil", "fillfree")
            from kind in Gen.Elements(FtwLineKind.Iteration, FtwLineKind.Ready, FtwLineKind.Freed)
            from iter in ArbMap.Default.GeneratorFor<ulong>()
            from sum in ArbMap.Default.GeneratorFor<ulong>()
            from mb in ArbMap.Default.GeneratorFor<ulong>()
            from ms in Gen.OneOf(Gen.Constant((ulong?)null), ArbMap.Default.GeneratorFor<ulong>().Select(m => (ulong?)m))
            select kind == FtwLineKind.Iteration
                ? new FtwLine(workload, kind, iter, sum, 0, ms)
                : new FtwLine(workload, kind, 0, 0, mb, ms);
        Check.One(Quick, Prop.ForAll(Arb.From(lines), l => FtwLineParser.Parse(l.ToString()) == l));
    }

    [Fact]
    public void TryParse_MutatedLines_NeverThrowsAndParseAgrees()
    {
        const string Sample = "ftw readmostly iter=12 sum=00ff00ff00ff00ff ms=2659";
        var mutation =
            from kind in Gen.Choose(0, 3)
            from position in Gen.Choose(0, Sample.Length - 1)
            from length in Gen.Choose(1, 6)
            from insert in Gen.Elements("=", " ", "ftw", "iter=", "sum=", "\r", "9", "ffffffffffffffffff", "-", "ready", "\0", "é")
            select (kind, position, length, insert);
        var texts = Gen.ArrayOf(mutation).Select(steps =>
        {
            var s = Sample;
            foreach (var (kind, position, length, insert) in steps)
            {
                var p = Math.Min(position, s.Length);
                s = kind switch
                {
                    0 => s.Remove(p, Math.Min(length, s.Length - p)),
                    1 => s.Insert(p, insert),
                    2 => s[..p],
                    _ => s.Length > p ? s.Remove(p, 1).Insert(p, insert) : s + insert,
                };
            }

            return s;
        });
        Check.One(Quick, Prop.ForAll(Arb.From(texts), ParserIsTotal));
    }

    [Fact]
    public void TryParse_RandomText_NeverThrows()
    {
        var texts = Gen.ArrayOf(Gen.Frequency(
                (6, Gen.Elements("ftw idle iter=sum=ms=ready freed mb=0123456789abcdef \r\n".ToCharArray())),
                (1, Gen.Choose(0, 0xD7FF).Select(i => (char)i))))
            .Select(cs => new string(cs));
        Check.One(Quick, Prop.ForAll(Arb.From(texts), ParserIsTotal));
    }

    private static bool ParserIsTotal(string text)
    {
        var ok = FtwLineParser.TryParse(text, out var line);
        try
        {
            var parsed = FtwLineParser.Parse(text);
            return ok && parsed == line;
        }
        catch (FtwFormatException)
        {
            return !ok && line is null;
        }
    }
}
