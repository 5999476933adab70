using System.Globalization;
using System.Text;

namespace FtActors.Metrics.Tests;

/// <summary>
/// A deliberately strict reader of the Prometheus text format 0.0.4, written from the format description (not
/// from our writer): HELP and TYPE at most once per family and before its samples; a family's samples contiguous;
/// names and label names per the grammar; label values with only \\, \" and \n escapes; values that are Go-style
/// floats or +Inf/-Inf/NaN; histograms with cumulative buckets, an le="+Inf" bucket equal to _count, and a _sum.
/// Any violation throws FormatException naming the line.
/// </summary>
internal static class StrictExpositionParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string? Help, string? Type, List<Sample> Samples);

    public static List<Family> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the last line must end with \\n");
        }

        var families = new List<Family>();
        var byName = new Dictionary<string, Family>(StringComparer.Ordinal);
        Family? current = null;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            int no = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && (parts[1] == "HELP" || parts[1] == "TYPE"))
                {
                    var name = parts[2];
                    Require(IsMetricName(name), no, $"bad metric name '{name}'");
                    var fam = GetFamily(name, no);
                    if (parts[1] == "HELP")
                    {
                        Require(fam.Help is null, no, $"second HELP for {name}");
                        families[families.IndexOf(fam)] = fam = fam with { Help = Unescape(parts.Length > 3 ? parts[3] : string.Empty, help: true, no) };
                    }
                    else
                    {
                        Require(fam.Type is null && fam.Samples.Count == 0, no, $"TYPE for {name} repeated or after its samples");
                        var type = parts.Length > 3 ? parts[3] : string.Empty;
                        Require(type is "counter" or "gauge" or "histogram" or "summary" or "untyped", no, $"unknown type '{type}'");
                        families[families.IndexOf(fam)] = fam = fam with { Type = type };
                    }

                    byName[name] = fam;
                    current = fam;
                }

                continue;
            }

            var sample = ParseSample(line, no);
            var owner = OwnerName(sample.Name);
            Require(current is not null && current.Name == owner, no, $"sample {sample.Name} is not contiguous with its family's HELP/TYPE");
            current!.Samples.Add(sample);
        }

        foreach (var f in families.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(f);
        }

        return families;

        Family GetFamily(string name, int no)
        {
            if (byName.TryGetValue(name, out var f))
            {
                Require(current?.Name == name, no, $"family {name} appears twice, not contiguous");
                return f;
            }

            f = new Family(name, null, null, []);
            families.Add(f);
            byName[name] = f;
            return f;
        }

        string OwnerName(string sampleName)
        {
            if (current?.Type == "histogram")
            {
                foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
                {
                    if (sampleName == current.Name + suffix)
                    {
                        return current.Name;
                    }
                }
            }

            return sampleName;
        }
    }

    private static void CheckHistogram(Family f)
    {
        foreach (var group in f.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value))))
        {
            var buckets = group.Where(s => s.Name == f.Name + "_bucket").ToList();
            Require(buckets.All(b => b.Labels.ContainsKey("le")), 0, $"{f.Name}: bucket without le");
            var inf = buckets.SingleOrDefault(b => b.Labels["le"] == "+Inf") ?? throw new FormatException($"{f.Name}{{{group.Key}}}: no le=\"+Inf\" bucket");
            var count = group.SingleOrDefault(s => s.Name == f.Name + "_count") ?? throw new FormatException($"{f.Name}: no _count");
            Require(group.Count(s => s.Name == f.Name + "_sum") == 1, 0, $"{f.Name}: expected one _sum");
            Require(inf.Value == count.Value, 0, $"{f.Name}: +Inf bucket {inf.Value} != _count {count.Value}");
            double prevLe = double.NegativeInfinity, prev = 0;
            foreach (var b in buckets)
            {
                var le = ParseValue(b.Labels["le"], 0);
                Require(le > prevLe && b.Value >= prev, 0, $"{f.Name}: buckets not increasing/cumulative at le={b.Labels["le"]}");
                prevLe = le;
                prev = b.Value;
            }
        }
    }

    private static Sample ParseSample(string line, int no)
    {
        int i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        var name = line[..i];
        Require(IsMetricName(name), no, $"bad metric name '{name}'");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                Require(i < line.Length, no, "unterminated label set");
                if (line[i] == '}')
                {
                    i++;
                    break;
                }

                int start = i;
                while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_'))
                {
                    i++;
                }

                var lname = line[start..i];
                Require(IsLabelName(lname), no, $"bad label name '{lname}'");
                Require(i + 1 < line.Length && line[i] == '=' && line[i + 1] == '"', no, $"expected =\" after {lname}");
                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    Require(i < line.Length, no, "unterminated label value");
                    char c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        Require(i < line.Length, no, "dangling backslash");
                        char e = line[i++];
                        value.Append(e switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"line {no}: invalid escape \\{e} in label value"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                Require(labels.TryAdd(lname, value.ToString()), no, $"label {lname} repeated");
                Require(i < line.Length && (line[i] == ',' || line[i] == '}'), no, "expected , or } after a label");
                if (line[i] == ',')
                {
                    i++;
                }
            }
        }

        Require(i < line.Length && line[i] == ' ', no, "expected one space before the value");
        var rest = line[(i + 1)..].Split(' ');
        Require(rest.Length is 1 or 2, no, "expected a value and an optional timestamp");
        var v = ParseValue(rest[0], no);
        if (rest.Length == 2)
        {
            Require(long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), no, "bad timestamp");
        }

        return new Sample(name, labels, v);
    }

    private static double ParseValue(string s, int no) => s switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !s.Contains(',', StringComparison.Ordinal) => d,
        _ => throw new FormatException($"line {no}: bad value '{s}'"),
    };

    private static string Unescape(string s, bool help, int no)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\')
            {
                sb.Append(s[i]);
                continue;
            }

            Require(i + 1 < s.Length, no, "dangling backslash in HELP");
            char e = s[++i];
            sb.Append(e switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw new FormatException($"line {no}: invalid escape \\{e} in {(help ? "HELP" : "label")}"),
            });
        }

        return sb.ToString();
    }

    private static bool IsMetricName(string n) =>
        n.Length > 0 && (char.IsAsciiLetter(n[0]) || n[0] is '_' or ':') && n.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    private static bool IsLabelName(string n) =>
        n.Length > 0 && (char.IsAsciiLetter(n[0]) || n[0] == '_') && n.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static void Require(bool ok, int line, string what)
    {
        if (!ok)
        {
            throw new FormatException($"line {line}: {what}");
        }
    }
}
