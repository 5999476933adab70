using FsCheck;
using FsCheck.Fluent;

namespace FtActors.Health.Tests;

/// <summary>Generators of damaged tool output: truncation, a deleted span, inserted punctuation, or random text.</summary>
internal static class Mutations
{
    // No letters: inserting letters could spell a real status ("cr") and create a legitimate alarm.
    private const string Noise = "|,\n\r \t0.-{}[]:\"'x\u00e9\0";

    public static Arbitrary<string> Of(string original)
    {
        var truncate = Gen.Choose(0, original.Length).Select(n => original[..n]);
        var delete = from start in Gen.Choose(0, original.Length)
                     from len in Gen.Choose(0, 40)
                     select original.Remove(start, Math.Min(len, original.Length - start));
        var insert = from at in Gen.Choose(0, original.Length)
                     from chars in Gen.ArrayOf(Gen.Elements(Noise.ToCharArray()))
                     select original.Insert(at, new string(chars));
        var several = from n in Gen.Choose(1, 6)
                      from ats in Gen.ArrayOf(Gen.Choose(0, Math.Max(0, original.Length - 1)), n)
                      select ats.Aggregate(original, (s, at) => at < s.Length ? s.Remove(at, 1) : s);
        return Gen.OneOf(truncate, delete, insert, several).ToArbitrary();
    }

    public static Arbitrary<string> RandomText() =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty),
            Gen.ArrayOf(Gen.Elements("| , \n 1 2.5 na ok nc cr N/A Nominal Critical degrees C RPM Volts discrete 0x01 { } \"".Split(' '))).Select(a => string.Join(" ", a)))
        .ToArbitrary();
}
