using System.Collections.Immutable;
using Microsoft.Data.Sqlite;

namespace FtActors.Health.Sources;

/// <summary>
/// Counts rows that rasdaemon added to its SQLite database (<c>mc_event</c>, <c>aer_event</c>, <c>mce_record</c>)
/// since the previous poll, split into corrected and uncorrected. The first poll records the highest ids only.
/// The database is opened read-only; a missing table is reported Unknown for that table alone.
/// </summary>
public sealed class RasdaemonSource(string databasePath, TimeSpan timeout, int correctedWarn, int uncorrectedFail) : IHealthSource
{
    private readonly Dictionary<string, long> _lastId = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "rasdaemon";

    /// <inheritdoc />
    public TimeSpan Timeout { get; } = timeout;

    /// <inheritdoc />
    public async Task<ImmutableArray<HealthReading>> PollAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(databasePath))
        {
            return [HealthReading.Unknown(Name, Name, $"rasdaemon database {databasePath} does not exist")];
        }

        // Pooled: reopening the file and re-reading its schema every second was most of this source's cost.
        var cs = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        var connection = new SqliteConnection(cs);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var result = ImmutableArray.CreateBuilder<HealthReading>();
            // mc_event: err_type is "Corrected"/"Uncorrected"/"Fatal"/..., err_count is how many errors one row stands for.
            await CountAsync(connection, "mc_event",
                "SELECT id, CASE WHEN err_type = 'Corrected' THEN 0 ELSE 1 END, COALESCE(err_count, 1) FROM mc_event WHERE id > $last",
                result, cancellationToken).ConfigureAwait(false);
            // aer_event: err_type "Corrected" or "Uncorrected (Non-Fatal)" / "Uncorrected (Fatal)".
            await CountAsync(connection, "aer_event",
                "SELECT id, CASE WHEN err_type LIKE 'Corrected%' THEN 0 ELSE 1 END, 1 FROM aer_event WHERE id > $last",
                result, cancellationToken).ConfigureAwait(false);
            // mce_record: MCi_STATUS bit 61 (UC) marks an uncorrected machine check.
            await CountAsync(connection, "mce_record",
                "SELECT id, (status >> 61) & 1, 1 FROM mce_record WHERE id > $last",
                result, cancellationToken).ConfigureAwait(false);
            return result.ToImmutable();
        }
    }

    private async Task CountAsync(SqliteConnection connection, string table, string sql, ImmutableArray<HealthReading>.Builder result, CancellationToken ct)
    {
        bool first = !_lastId.TryGetValue(table, out var last);
        long corrected = 0, uncorrected = 0, maxId = last;
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$last", first ? -1 : last);
            var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    maxId = Math.Max(maxId, reader.GetInt64(0));
                    long count = reader.IsDBNull(2) ? 1 : Math.Max(1, reader.GetInt64(2));
                    if (!reader.IsDBNull(1) && reader.GetInt64(1) != 0)
                    {
                        uncorrected += count;
                    }
                    else
                    {
                        corrected += count;
                    }
                }
            }
        }
        catch (SqliteException ex)
        {
            result.Add(HealthReading.Unknown(Name, $"rasdaemon/{table}", $"rasdaemon table {table}: {ex.Message}"));
            return;
        }

        _lastId[table] = maxId;
        if (first)
        {
            corrected = uncorrected = 0;
        }

        result.Add(new HealthReading(Name, $"rasdaemon/{table}/corrected", corrected, "events", correctedWarn, null, HealthState.Ok,
            $"{corrected} new corrected row(s) in {table}", ReadingKind.EventCount));
        result.Add(new HealthReading(Name, $"rasdaemon/{table}/uncorrected", uncorrected, "events", null, uncorrectedFail, HealthState.Ok,
            $"{uncorrected} new uncorrected row(s) in {table}", ReadingKind.EventCount));
    }
}
