using FtActors.Config;

namespace FtActors.Config.Tests;

/// <summary>Parsing with an injected environment, and structural comparison of trees.</summary>
internal static class TestHocon
{
    public static HoconParseOptions Options(IReadOnlyDictionary<string, string>? env = null, string? baseDirectory = null) => new()
    {
        EnvironmentLookup = name => env is not null && env.TryGetValue(name, out var v) ? v : null,
        SourceName = "test.conf",
        BaseDirectory = baseDirectory,
    };

    public static HoconConfig Parse(string text, IReadOnlyDictionary<string, string>? env = null) =>
        HoconConfig.Parse(text, Options(env));

    public static HoconException Fails(string text, IReadOnlyDictionary<string, string>? env = null) =>
        Assert.Throws<HoconException>(() => Parse(text, env));

    /// <summary>Asserts that two documents resolve to the same tree.</summary>
    public static void AssertSame(string expected, string actual)
    {
        var e = Parse(expected).Root;
        var a = Parse(actual).Root;
        Assert.True(SameTree(e, a), $"expected\n{e.Render()}\nbut got\n{a.Render()}");
    }

    public static bool SameTree(HoconValue a, HoconValue b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        switch (a)
        {
            case HoconObject ao:
                var bo = (HoconObject)b;
                return ao.Count == bo.Count && ao.All(kv => bo.TryGetValue(kv.Key, out var other) && SameTree(kv.Value, other));
            case HoconArray aa:
                var ba = (HoconArray)b;
                return aa.Count == ba.Count && aa.Zip(ba).All(p => SameTree(p.First, p.Second));
            default:
                return ((HoconScalar)a).Text == ((HoconScalar)b).Text;
        }
    }

    public static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
