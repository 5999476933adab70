using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace FtActors.Persistence.Membership;

/// <summary>
/// Encodes and decodes the membership columns that are not plain numbers: status and roles as words, suspect
/// votes as JSON. Decoding never throws on bad text; it reports what was expected, what was found and where,
/// and the table turns that into a <see cref="StoredDataException"/> naming the row.
/// </summary>
internal static class MembershipColumns
{
    private const string ComputeName = "compute";
    private const string SpareName = "spare";

    public static string FormatStatus(MemberStatus status) => status switch
    {
        MemberStatus.Joining => "Joining",
        MemberStatus.Active => "Active",
        MemberStatus.ShuttingDown => "ShuttingDown",
        MemberStatus.Dead => "Dead",
        MemberStatus.Left => "Left",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "expected one of Joining, Active, ShuttingDown, Dead, Left"),
    };

    // Enum.TryParse would also accept "1" or " active", which this build never writes; match exact names only.
    public static bool TryParseStatus(string text, out MemberStatus status, out string error)
    {
        switch (text)
        {
            case "Joining": status = MemberStatus.Joining; break;
            case "Active": status = MemberStatus.Active; break;
            case "ShuttingDown": status = MemberStatus.ShuttingDown; break;
            case "Dead": status = MemberStatus.Dead; break;
            case "Left": status = MemberStatus.Left; break;
            default:
                status = default;
                error = $"expected one of Joining, Active, ShuttingDown, Dead, Left, found '{text}'";
                return false;
        }

        error = string.Empty;
        return true;
    }

    public static string FormatRoles(NodeRoles roles)
    {
        if ((roles & ~(NodeRoles.Compute | NodeRoles.Spare)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(roles), roles, "expected a combination of Compute and Spare");
        }

        return roles switch
        {
            NodeRoles.None => string.Empty,
            NodeRoles.Compute => ComputeName,
            NodeRoles.Spare => SpareName,
            _ => ComputeName + "," + SpareName,
        };
    }

    /// <summary>Parses "", "compute", "spare" or both joined by one comma, each name at most once.</summary>
    public static bool TryParseRoles(ReadOnlySpan<char> text, out NodeRoles roles, out string error)
    {
        roles = NodeRoles.None;
        if (text.IsEmpty)
        {
            error = string.Empty;
            return true;
        }

        var offset = 0;
        while (true)
        {
            var comma = text[offset..].IndexOf(',');
            var token = comma < 0 ? text[offset..] : text.Slice(offset, comma);
            NodeRoles role;
            if (token.SequenceEqual(ComputeName))
            {
                role = NodeRoles.Compute;
            }
            else if (token.SequenceEqual(SpareName))
            {
                role = NodeRoles.Spare;
            }
            else
            {
                error = $"expected 'compute' or 'spare' at offset {offset.ToString(CultureInfo.InvariantCulture)}, found '{token}'";
                roles = NodeRoles.None;
                return false;
            }

            if ((roles & role) != 0)
            {
                error = $"expected each role once, found '{token}' again at offset {offset.ToString(CultureInfo.InvariantCulture)}";
                roles = NodeRoles.None;
                return false;
            }

            roles |= role;
            if (comma < 0)
            {
                error = string.Empty;
                return true;
            }

            offset += comma + 1;
        }
    }

    public static string FormatSuspectTimes(ImmutableArray<SuspectTime> votes)
    {
        var records = new SuspectTimeRecord[votes.IsDefault ? 0 : votes.Length];
        for (var i = 0; i < records.Length; i++)
        {
            var vote = votes[i];
            records[i] = new SuspectTimeRecord(vote.Suspecter.Host, vote.Suspecter.Port, vote.Suspecter.Incarnation, vote.At.ToUnixTimeMilliseconds());
        }

        return JsonSerializer.Serialize(records, MembershipJsonContext.Default.SuspectTimeRecordArray);
    }

    /// <summary>Parses a JSON array of <c>{"host","port","incarnation","atMs"}</c> objects.</summary>
    public static bool TryParseSuspectTimes(string json, out ImmutableArray<SuspectTime> votes, out string error)
    {
        votes = ImmutableArray<SuspectTime>.Empty;
        SuspectTimeRecord[]? records;
        try
        {
            records = JsonSerializer.Deserialize(json, MembershipJsonContext.Default.SuspectTimeRecordArray);
        }
        catch (JsonException e)
        {
            error = $"expected a JSON array of {{\"host\",\"port\",\"incarnation\",\"atMs\"}} objects, found invalid JSON at line {(e.LineNumber + 1)?.ToString(CultureInfo.InvariantCulture) ?? "?"}, byte {(e.BytePositionInLine + 1)?.ToString(CultureInfo.InvariantCulture) ?? "?"}: {e.Message}";
            return false;
        }

        if (records is null)
        {
            error = "expected a JSON array, found null";
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<SuspectTime>(records.Length);
        for (var i = 0; i < records.Length; i++)
        {
            var r = records[i];
            if (r is null || string.IsNullOrEmpty(r.Host) || r.Port is < 1 or > 65535
                || r.AtMs < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || r.AtMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                error = $"expected element {i.ToString(CultureInfo.InvariantCulture)} to have a non-empty host, a port in 1..65535 and a valid atMs, found {(r is null ? "null" : $"host '{r.Host}', port {r.Port.ToString(CultureInfo.InvariantCulture)}, atMs {r.AtMs.ToString(CultureInfo.InvariantCulture)}")}";
                return false;
            }

            builder.Add(new SuspectTime(new MemberAddress(r.Host, r.Port, r.Incarnation), DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs)));
        }

        votes = builder.MoveToImmutable();
        error = string.Empty;
        return true;
    }
}
