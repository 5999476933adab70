using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FtActors.Persistence.Sql;

/// <summary>
/// Brings a database to the schema this build knows, at startup: the dialect's versioned scripts
/// (<c>Schema/&lt;dialect&gt;/NNNN_name.sql</c>, embedded in the dialect's assembly) are applied in order, each
/// exactly once, and recorded in <c>schema_version</c>. Everything happens in one transaction under the
/// dialect's schema lock, so two nodes starting against one database serialise: the second sees the first's
/// work and applies nothing. A database newer than this build is refused with
/// <see cref="SchemaVersionTooNewException"/> before anything is written.
/// </summary>
public sealed class SchemaMigrator
{
    private const string ResourceRoot = "Schema/";

    private readonly SqlQueryExecutor _executor;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator for the scripts the executor's dialect ships.</summary>
    public SchemaMigrator(SqlQueryExecutor executor, TimeProvider? timeProvider = null, ILogger<SchemaMigrator>? logger = null)
        : this(executor, LoadScripts(RequireNotNull(executor).SchemaAssembly, executor.Dialect), timeProvider, logger)
    {
    }

    /// <summary>Creates a migrator for an explicit script list (tests use it to play a newer build).</summary>
    internal SchemaMigrator(SqlQueryExecutor executor, IReadOnlyList<SchemaScript> scripts, TimeProvider? timeProvider, ILogger<SchemaMigrator>? logger)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(scripts);
        ValidateOrder(scripts, executor.Dialect);
        _executor = executor;
        Scripts = scripts;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The scripts this build applies, in version order.</summary>
    public IReadOnlyList<SchemaScript> Scripts { get; }

    /// <summary>The newest schema version this build knows; a database beyond it is refused.</summary>
    public int KnownVersion => Scripts.Count == 0 ? 0 : Scripts[^1].Version;

    /// <summary>
    /// Applies every script newer than the database's version and returns what was done. Idempotent: on an
    /// up-to-date database it applies nothing.
    /// </summary>
    /// <exception cref="SchemaVersionTooNewException">The database was migrated by a newer build.</exception>
    /// <exception cref="PersistenceException">A script failed; nothing of this migration was kept.</exception>
    public async Task<SchemaMigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _executor.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await _executor.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await _executor.AcquireSchemaLockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await using (var create = connection.CreateCommand(_executor.CreateSchemaVersionTableSql, transaction))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                int previous;
                await using (var read = connection.CreateCommand(_executor.ReadSchemaVersionSql, transaction))
                {
                    previous = checked((int)await read.ExecuteInt64Async(cancellationToken).ConfigureAwait(false));
                }

                if (previous > KnownVersion)
                {
                    throw new SchemaVersionTooNewException(_executor.Dialect, previous, KnownVersion);
                }

                var applied = ImmutableArray.CreateBuilder<int>();
                foreach (var script in Scripts)
                {
                    if (script.Version <= previous)
                    {
                        continue;
                    }

                    await ApplyAsync(connection, transaction, script, cancellationToken).ConfigureAwait(false);
                    applied.Add(script.Version);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                var result = new SchemaMigrationResult(_executor.Dialect, previous, Math.Max(previous, KnownVersion), applied.ToImmutable());
                if (result.Applied.IsEmpty)
                {
                    Log.SchemaUpToDate(_logger, result.Dialect, result.CurrentVersion);
                }
                else
                {
                    Log.SchemaMigrated(_logger, result.Dialect, result.PreviousVersion, result.CurrentVersion);
                }

                return result;
            }
        }
    }

    private async Task ApplyAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, SchemaScript script, CancellationToken cancellationToken)
    {
        try
        {
            await using (var ddl = connection.CreateCommand(script.Sql, transaction))
            {
                await ddl.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (System.Data.Common.DbException e)
        {
            throw new PersistenceException(
                $"Schema script {script.Name} (version {script.Version.ToString(CultureInfo.InvariantCulture)}) failed on {_executor.Dialect}: {e.Message}. The migration was rolled back.",
                e);
        }

        await using var record = connection.CreateCommand(_executor.InsertSchemaVersionSql, transaction);
        record.AddParameter("version", script.Version);
        record.AddParameter("applied_at", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Log.SchemaScriptApplied(_logger, script.Name, script.Version);
    }

    /// <summary>
    /// Reads a dialect's scripts from the embedded resources <c>Schema/&lt;dialect&gt;/NNNN_name.sql</c> of
    /// <paramref name="assembly"/>, in version order.
    /// </summary>
    /// <exception cref="PersistenceException">A resource is misnamed, or the versions are not 1, 2, 3, … without gaps.</exception>
    public static IReadOnlyList<SchemaScript> LoadScripts(Assembly assembly, string dialect)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(dialect);
        var prefix = ResourceRoot + dialect + "/";
        var scripts = new List<SchemaScript>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!TryParseScriptName(name.AsSpan(prefix.Length), out var version, out var error))
            {
                throw new PersistenceException($"Schema resource '{name}' in {assembly.GetName().Name}: {error}");
            }

            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new PersistenceException($"Schema resource '{name}' is listed by {assembly.GetName().Name} but cannot be opened.");
            using var reader = new StreamReader(stream);
            scripts.Add(new SchemaScript(version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        ValidateOrder(scripts, dialect);
        return scripts;
    }

    /// <summary>
    /// Parses the file part of a script name, <c>NNNN_name.sql</c>: four or more decimal digits (the version,
    /// at least 1), an underscore, a non-empty name of letters, digits, '_' or '-', and <c>.sql</c>.
    /// </summary>
    internal static bool TryParseScriptName(ReadOnlySpan<char> fileName, out int version, out string error)
    {
        version = 0;
        var digits = 0;
        while (digits < fileName.Length && char.IsAsciiDigit(fileName[digits]))
        {
            digits++;
        }

        if (digits < 4)
        {
            error = $"expected a name like 0001_initial.sql starting with at least four digits, found '{fileName}' with {digits.ToString(CultureInfo.InvariantCulture)} at offset 0";
            return false;
        }

        if (!int.TryParse(fileName[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out version) || version < 1)
        {
            error = $"expected a version between 1 and {int.MaxValue.ToString(CultureInfo.InvariantCulture)}, found '{fileName[..digits]}' at offset 0";
            version = 0;
            return false;
        }

        if (digits >= fileName.Length || fileName[digits] != '_')
        {
            error = $"expected '_' after the version at offset {digits.ToString(CultureInfo.InvariantCulture)} of '{fileName}'";
            version = 0;
            return false;
        }

        const string extension = ".sql";
        var rest = fileName[(digits + 1)..];
        if (!rest.EndsWith(extension, StringComparison.Ordinal) || rest.Length == extension.Length)
        {
            error = $"expected a non-empty name ending in '.sql' at offset {(digits + 1).ToString(CultureInfo.InvariantCulture)} of '{fileName}'";
            version = 0;
            return false;
        }

        var stem = rest[..^extension.Length];
        for (var i = 0; i < stem.Length; i++)
        {
            var c = stem[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                error = $"expected letters, digits, '_' or '-' in the name, found '{c}' at offset {(digits + 1 + i).ToString(CultureInfo.InvariantCulture)} of '{fileName}'";
                version = 0;
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    private static void ValidateOrder(IReadOnlyList<SchemaScript> scripts, string dialect)
    {
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new PersistenceException(
                    $"Schema scripts of {dialect} must be numbered 1, 2, 3, … without gaps or repeats; expected version {(i + 1).ToString(CultureInfo.InvariantCulture)} at position {(i + 1).ToString(CultureInfo.InvariantCulture)}, found {scripts[i].Version.ToString(CultureInfo.InvariantCulture)} ({scripts[i].Name}).");
            }
        }
    }

    private static SqlQueryExecutor RequireNotNull(SqlQueryExecutor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        return executor;
    }
}
