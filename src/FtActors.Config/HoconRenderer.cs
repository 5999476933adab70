using System.Globalization;
using System.Text;
using FtActors.Config.Parsing;

namespace FtActors.Config;

/// <summary>Writes resolved values back as HOCON text (every key and string quoted, so it is also valid JSON apart from numbers' original spelling).</summary>
internal static class HoconRenderer
{
    public static void Render(HoconValue value, StringBuilder sb, int indent)
    {
        switch (value)
        {
            case HoconObject obj:
                if (obj.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }

                sb.Append("{\n");
                foreach (var (key, child) in obj)
                {
                    sb.Append(' ', (indent + 1) * 2).Append(Quote(key)).Append(" : ");
                    Render(child, sb, indent + 1);
                    sb.Append('\n');
                }

                sb.Append(' ', indent * 2).Append('}');
                return;
            case HoconArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Render(array[i], sb, indent + 1);
                }

                sb.Append(']');
                return;
            case HoconScalar { Kind: HoconValueKind.String } scalar:
                sb.Append(Quote(scalar.Text));
                return;
            case HoconScalar scalar:
                sb.Append(scalar.Text);
                return;
            case HoconSubstitution s:
                sb.Append(s.Expression);
                return;
            default:
                sb.Append("<unresolved>");
                return;
        }
    }

    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
