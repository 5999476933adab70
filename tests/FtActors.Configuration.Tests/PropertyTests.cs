using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Configuration;

namespace FtActors.Configuration.Tests;

/// <summary>
/// FsCheck properties for the parsers FtActors still owns: the environment-variable name mapping, the unit
/// wrappers around Akka's duration and size parsing, the syntax guard and the binder's conversions. None may
/// throw anything but <see cref="ConfigurationException"/>. Akka's HOCON parser itself is not fuzzed here:
/// on some malformed text it loops forever or overflows the stack (see docs/hocon.md), which no test can catch.
/// </summary>
public class PropertyTests
{
    private static readonly FsCheck.Config Quick = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static readonly string[] UnitFragments =
    [
        "0", "1", "9", "42", "1.5", ".", "-", "+", "e", "E", " ", "\t", "\n", "ns", "micros", "us", "ms", "s", "m", "h",
        "d", "days", "minutes", "B", "b", "k", "K", "kB", "KiB", "M", "MiB", "MB", "G", "GiB", "E", "EiB", "bytes",
        "infinite", "NaN", "Infinity", "null", "99999999999999999999", "9223372036854775807", ",", "\u00a0", "\u0660",
    ];

    private static Gen<string> UnitSoup =>
        from parts in Gen.ArrayOf(Gen.Elements(UnitFragments))
        select string.Concat(parts);

    private static Gen<string> AnyText =>
        from chars in Gen.ArrayOf(Gen.Frequency(
            (6, Gen.Elements("0123456789 .-+eEsmhdkKMGiB\n\t\"${}?#/(".ToCharArray())),
            (1, Gen.Choose(0, 0xD7FF).Select(i => (char)i))))
        select new string(chars);

    private static Gen<string> MutatedValid =>
        from valid in Gen.Elements("10s", "250 ms", "2 minutes", "8 MiB", "4k", "1 GB", "512 bytes", "30")
        from position in Gen.Choose(0, 8)
        from insert in Gen.Elements(UnitFragments)
        from delete in Gen.Choose(0, 2)
        select Mutate(valid, position, insert, delete);

    [Fact]
    public void ToKey_AnyName_LowercaseLevelsWithoutUnderscores()
    {
        Check.One(Quick, Prop.ForAll(Arb.From(AnyText), name =>
        {
            var key = KebabEnvironmentVariablesSource.ToKey(name);
            return !key.Contains('_', StringComparison.Ordinal)
                && string.Equals(key, key.ToLowerInvariant(), StringComparison.Ordinal)
                && key.Split(':').Length == name.Split("__").Length + name.Split("__").Sum(l => l.Count(c => c == ':'));
        }));
    }

    [Fact]
    public void ToKey_KebabKeyWrittenAsVariable_MapsBack()
    {
        var segment =
            from first in Gen.Elements("abcxyz".ToCharArray())
            from rest in Gen.ArrayOf(Gen.Elements("abz09-".ToCharArray()))
            select (first + new string(rest)).TrimEnd('-');
        var keys =
            from levels in Gen.NonEmptyListOf(segment)
            where levels.All(l => !l.Contains("--", StringComparison.Ordinal))
            select string.Join(':', levels);
        Check.One(Quick, Prop.ForAll(Arb.From(keys), key =>
        {
            var variable = key.ToUpperInvariant().Replace('-', '_').Replace(":", "__", StringComparison.Ordinal);
            return KebabEnvironmentVariablesSource.ToKey(variable) == key;
        }));
    }

    [Fact]
    public void Durations_RandomOrMutatedText_ValueOrConfigurationExceptionOnly()
    {
        TryAgreesWithParse(
            text => (HoconUnits.TryParseDuration(text, out var v), v), HoconUnits.ParseDuration, "expected a duration", v => v >= TimeSpan.Zero);
    }

    [Fact]
    public void Sizes_RandomOrMutatedText_ValueOrConfigurationExceptionOnly()
    {
        TryAgreesWithParse(text => (HoconUnits.TryParseSize(text, out var v), v), HoconUnits.ParseSize, "expected a size", _ => true);
    }

    [Fact]
    public void Sizes_NumberTimesUnit_ExactOrRefusedNeverWrapped()
    {
        var units = new (string Name, long Factor)[] { ("B", 1), ("kB", 1000), ("KiB", 1024), ("M", 1L << 20), ("GB", 1_000_000_000), ("GiB", 1L << 30), ("TiB", 1L << 40), ("EiB", 1L << 60) };
        var cases =
            from n in Gen.Frequency((3, Gen.Choose(0, int.MaxValue).Select(i => (long)i)), (1, ArbMap.Default.GeneratorFor<long>()))
            from unit in Gen.Elements(units)
            from space in Gen.Elements("", " ")
            select (n, unit, space);
        Check.One(Quick, Prop.ForAll(Arb.From(cases), c =>
        {
            var text = c.n.ToString(CultureInfo.InvariantCulture) + c.space + c.unit.Name;
            var exact = (Int128)c.n * c.unit.Factor;
            var fits = exact >= long.MinValue && exact <= long.MaxValue;
            return HoconUnits.TryParseSize(text, out var value) ? fits && value == (long)exact : !fits;
        }));
    }

    [Fact]
    public void Durations_NumberTimesUnit_MatchTheUnit()
    {
        var units = new (string Name, double Ms)[] { ("ms", 1), ("s", 1000), ("seconds", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000) };
        var cases =
            from n in Gen.Choose(0, 100_000)
            from unit in Gen.Elements(units)
            select (n, unit);
        Check.One(Quick, Prop.ForAll(Arb.From(cases), c =>
            HoconUnits.ParseDuration(c.n.ToString(CultureInfo.InvariantCulture) + c.unit.Name) == TimeSpan.FromMilliseconds(c.n * c.unit.Ms)));
    }

    [Fact]
    public void SyntaxGuard_AnyText_PassesOrConfigurationExceptionInsideTheText()
    {
        var fragments = new[] { "include", " ", "\"", "required(", "file(", ")", "${?", "${", "}", "#", "//", "\n", "a = 1", "=", "{", "\r\n", "\t" };
        var texts = Gen.OneOf(
            from parts in Gen.ArrayOf(Gen.Elements(fragments)) select string.Concat(parts),
            AnyText);
        Check.One(Quick, Prop.ForAll(Arb.From(texts), text =>
        {
            try
            {
                HoconSyntaxGuard.Check(text, "t.conf");
                return !text.Contains("${?", StringComparison.Ordinal) || text.Split('\n').All(l => Commented(l, l.IndexOf("${?", StringComparison.Ordinal)));
            }
            catch (ConfigurationException e)
            {
                var lines = text.Split('\n');
                return e.File == "t.conf" && e.Line >= 1 && e.Line <= lines.Length
                    && e.Column >= 1 && e.Column <= lines[e.Line - 1].Length;
            }
        }));
    }

    [Fact]
    public void Binder_RandomValues_BindOrConfigurationExceptionNamingTheKey()
    {
        var keys = new[] { "downtime-target", "max-rounds", "timeout" };
        var cases =
            from key in Gen.Elements(keys)
            from value in Gen.OneOf(UnitSoup, AnyText, MutatedValid)
            select (key, value);
        Check.One(Quick, Prop.ForAll(Arb.From(cases), c =>
        {
            var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["m:" + c.key] = c.value }).Build().GetSection("m");
            try
            {
                HoconBinder.Get<MigrationTestOptions>(section);
                return true;
            }
            catch (ConfigurationException e)
            {
                return e.Path == "m:" + c.key && e.Message.StartsWith("m:" + c.key + ": expected", StringComparison.Ordinal);
            }
            catch (InvalidOperationException e) when (c.key == "max-rounds")
            {
                // A size that does not fit an int reaches the stock binder, which names the key itself.
                return e.Message.Contains("MaxRounds", StringComparison.Ordinal) || e.Message.Contains("max-rounds", StringComparison.OrdinalIgnoreCase);
            }
        }));
    }

    /// <summary>On any text, Parse returns what TryParse returns or throws only our exception with the expected wording.</summary>
    private static void TryAgreesWithParse<T>(Func<string, (bool Ok, T Value)> tryParse, Func<string, T> parse, string expected, Func<T, bool> valid)
    {
        Check.One(Quick, Prop.ForAll(Arb.From(Gen.OneOf(UnitSoup, AnyText, MutatedValid)), text =>
        {
            var (ok, value) = tryParse(text);
            try
            {
                var parsed = parse(text);
                return ok && EqualityComparer<T>.Default.Equals(parsed, value) && valid(value);
            }
            catch (ConfigurationException e)
            {
                return !ok && e.Message.StartsWith(expected, StringComparison.Ordinal);
            }
        }));
    }

    private static bool Commented(string line, int index) =>
        index < 0 || line.AsSpan(0, index).IndexOfAny('#', '/') >= 0;

    private static string Mutate(string valid, int position, string insert, int delete)
    {
        position = Math.Min(position, valid.Length);
        var removed = valid.Remove(position, Math.Min(delete, valid.Length - position));
        return removed.Insert(position, insert);
    }
}
