using System.Data.Common;
using System.Globalization;
using System.Reflection;
using FtActors.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace FtActors.Persistence.Sqlite;

/// <summary>
/// The SQLite dialect: the embedded default store of a single node. The database runs in WAL mode (readers
/// never block the writer and the writer never blocks readers) with a busy timeout, so a second connection
/// that finds the write lock taken waits instead of failing with SQLITE_BUSY. Writes take the lock up front
/// (<c>BEGIN IMMEDIATE</c>): a deferred transaction that reads first and upgrades later can fail without
/// waiting when another writer got there in between.
/// </summary>
public sealed class SqliteQueryExecutor : SqlQueryExecutor
{
    // SQLite's primary and extended result codes for constraint failures (sqlite3.h).
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private int _walChecked;

    /// <summary>Creates an executor for the database file named in <paramref name="options"/>.</summary>
    public SqliteQueryExecutor(SqlitePersistenceOptions options)
        : base("sqlite", "1", "0")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite retries busy statements for up to this many seconds on its own; keep it in
            // step with the engine-level busy_timeout below.
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        _connectionString = builder.ToString();
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = {options.Synchronous};");
        DatabasePath = options.DatabasePath;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    protected internal override Assembly SchemaAssembly => typeof(SqliteQueryExecutor).Assembly;

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per-connection settings: a pooled connection keeps them, but a fresh one starts without.
            await using (var pragmas = connection.CreateCommand(_pragmas, null))
            {
                await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // WAL is a property of the database file and sticks once set; switching needs no transaction to
            // be open, so it is done here once per executor rather than in the migration transaction.
            if (Volatile.Read(ref _walChecked) == 0)
            {
                await using var wal = connection.CreateCommand("PRAGMA journal_mode = WAL", null);
                var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PersistenceException($"Expected SQLite database {DatabasePath} to switch to WAL journal mode, found it in '{mode}' mode (a read-only or in-memory database cannot use WAL).");
                }

                Volatile.Write(ref _walChecked, 1);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected internal override ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        cancellationToken.ThrowIfCancellationRequested();
        // deferred: false issues BEGIN IMMEDIATE, which waits (busy_timeout) for the write lock right away.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    /// <inheritdoc />
    protected internal override Task AcquireSchemaLockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        // BEGIN IMMEDIATE already holds the database's single write lock for the whole migration transaction.
        Task.CompletedTask;

    /// <inheritdoc />
    protected internal override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;
}
