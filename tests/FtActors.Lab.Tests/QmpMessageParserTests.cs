using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FtActors.Qemu.Qmp;

namespace FtActors.Lab.Tests;

public sealed class QmpMessageParserTests
{
    private const string Greeting =
        """{"QMP": {"version": {"qemu": {"micro": 2, "minor": 0, "major": 10}, "package": "Debian 1:10.0.2"}, "capabilities": ["oob"]}}""";

    private static readonly FsCheck.Config Quick = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static readonly string[] Samples =
    [
        Greeting,
        """{"return": {}, "id": 1}""",
        """{"return": {"status": "completed", "total-time": 611, "downtime": 8, "ram": {"transferred": 88315360, "mbps": 1156.3}}, "id": 7}""",
        """{"error": {"class": "CommandNotFound", "desc": "The command foo has not been found"}, "id": 2}""",
        """{"timestamp": {"seconds": 1763780000, "microseconds": 123456}, "event": "STOP"}""",
        """{"timestamp": {"seconds": 1763780000, "microseconds": 5}, "event": "MIGRATION", "data": {"status": "active"}}""",
    ];

    [Fact]
    public void Parse_Greeting_ReadsVersionAndCapabilities()
    {
        var g = Assert.IsType<QmpGreeting>(QmpMessageParser.Parse(Greeting));
        Assert.Equal("10.0.2", g.VersionText);
        Assert.Equal(["oob"], g.Capabilities);
    }

    [Fact]
    public void Parse_ReturnErrorEvent_ClassifiesWithIds()
    {
        var r = Assert.IsType<QmpReturn>(QmpMessageParser.Parse(Samples[1]));
        Assert.Equal(1, r.Id);
        var e = Assert.IsType<QmpError>(QmpMessageParser.Parse(Samples[3]));
        Assert.Equal(("CommandNotFound", 2L), (e.ErrorClass, e.Id!.Value));
        var ev = Assert.IsType<QmpEvent>(QmpMessageParser.Parse(Samples[5]));
        Assert.Equal("MIGRATION", ev.Name);
        Assert.Equal("active", ev.Data!["status"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763780000).AddTicks(50), ev.Timestamp);
    }

    [Fact]
    public void MigrationInfo_FromQueryMigrate_ReadsCounters()
    {
        var r = Assert.IsType<QmpReturn>(QmpMessageParser.Parse(Samples[2]));
        var m = MigrationInfo.FromJson(r.Value);
        Assert.Equal("completed", m.Status);
        Assert.True(m.IsFinished);
        Assert.Equal(611, m.TotalTimeMs);
        Assert.Equal(8, m.DowntimeMs);
        Assert.Equal(88315360, m.RamTransferred);
        Assert.Equal(1156.3, m.Mbps!.Value, 3);
        Assert.Null(m.RamTotal);
    }

    [Theory]
    [InlineData("not json", "a JSON object")]
    [InlineData("[1,2]", "a JSON object")]
    [InlineData("{\"foo\": 1}", "one of the keys QMP, return, error, event")]
    [InlineData("{\"return\": {}, \"id\": \"x\"}", "an integer 'id'")]
    [InlineData("{\"error\": 3}", "an object in 'error'")]
    [InlineData("{\"event\": 3}", "an event name string")]
    public void Parse_BadMessage_SaysWhatWasExpected(string line, string expected)
    {
        var e = Assert.Throws<QmpProtocolException>(() => QmpMessageParser.Parse(line));
        Assert.Equal(expected, e.Expected);
        Assert.Contains("expected " + expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TruncatedJson_GivesByteOffset()
    {
        var e = Assert.Throws<QmpProtocolException>(() => QmpMessageParser.Parse("{\"return\": {\"a\": tru"));
        Assert.True(e.Offset > 0, $"offset {e.Offset}");
    }

    [Fact]
    public void Parse_MutatedMessages_ReturnOrThrowProtocolError()
    {
        var mutation =
            from kind in Gen.Choose(0, 3)
            from position in Gen.Choose(0, 200)
            from length in Gen.Choose(1, 8)
            from insert in Gen.Elements("{", "}", "[", "]", "\"", ":", ",", "null", "1e999", "-1", "\"id\": 1", "\\u0000", "true", "\"QMP\":", "\"event\":")
            select (kind, position, length, insert);
        var texts =
            from sample in Gen.Elements(Samples)
            from steps in Gen.ArrayOf(mutation)
            select steps.Aggregate(sample, (s, m) =>
            {
                var p = Math.Min(m.position, s.Length);
                return m.kind switch
                {
                    0 => s.Remove(p, Math.Min(m.length, s.Length - p)),
                    1 => s.Insert(p, m.insert),
                    2 => s[..p],
                    _ => s.Length > p ? s.Remove(p, 1).Insert(p, m.insert) : s + m.insert,
                };
            });
        Check.One(Quick, Prop.ForAll(Arb.From(texts), ParserIsTotal));
    }

    [Fact]
    public void Parse_RandomText_ReturnsOrThrowsProtocolError()
    {
        var texts = Gen.ArrayOf(Gen.Frequency(
                (6, Gen.Elements("{}[]\":,0123456789.eE+- truefalsnQMPreturnerroreventid".ToCharArray())),
                (1, Gen.Choose(0, 0xD7FF).Select(i => (char)i))))
            .Select(cs => new string(cs));
        Check.One(Quick, Prop.ForAll(Arb.From(texts), ParserIsTotal));
    }

    [Fact]
    public void Parse_DeepNesting_IsAProtocolError()
    {
        var deep = "{\"return\": " + new string('[', 500) + new string(']', 500) + "}";
        Assert.Throws<QmpProtocolException>(() => QmpMessageParser.Parse(deep));
    }

    [Fact]
    public void MigrationInfo_FromAnyParsedReturn_NeverCrashes()
    {
        var values = Gen.Elements(
            "{}", "{\"status\": 3}", "{\"ram\": []}", "{\"ram\": {\"mbps\": \"fast\", \"total\": 1.5}}", "{\"total-time\": 1e300}",
            "{\"status\": \"active\", \"ram\": {\"transferred\": -1}}", "{\"downtime\": null}");
        Check.One(Quick, Prop.ForAll(Arb.From(values), v =>
        {
            var m = MigrationInfo.FromJson(JsonNode.Parse(v));
            return m.Status.Length > 0;
        }));
    }

    private static bool ParserIsTotal(string text)
    {
        try
        {
            return QmpMessageParser.Parse(text) is not null;
        }
        catch (QmpProtocolException)
        {
            return true;
        }
    }
}
