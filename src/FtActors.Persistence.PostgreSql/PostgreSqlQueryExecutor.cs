using System.Data.Common;
using System.Reflection;
using FtActors.Persistence.Sql;
using Npgsql;

namespace FtActors.Persistence.PostgreSql;

/// <summary>
/// The PostgreSQL dialect: the shared store of a multi-node cluster. Connections come from one pooled
/// <see cref="NpgsqlDataSource"/>. Writes run at READ COMMITTED: the statements are written so that row locks
/// plus PostgreSQL's re-check of a blocked UPDATE's condition give the conditional semantics (see
/// <c>SqlMembershipTable</c>), and the journal's unique key does the rest. Migration is serialised by a
/// transaction-scoped advisory lock keyed by the current schema, so several test schemas in one database do
/// not wait for each other.
/// </summary>
public sealed class PostgreSqlQueryExecutor : SqlQueryExecutor, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates an executor for the database named in <paramref name="options"/>.</summary>
    public PostgreSqlQueryExecutor(PostgreSqlPersistenceOptions options)
        : base("postgresql", "TRUE", "FALSE")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (!string.IsNullOrEmpty(options.Schema))
        {
            builder.SearchPath = options.Schema;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        Schema = options.Schema;
    }

    /// <summary>The schema the tables live in, or null for the connection's default search path.</summary>
    public string? Schema { get; }

    /// <inheritdoc />
    protected internal override Assembly SchemaAssembly => typeof(PostgreSqlQueryExecutor).Assembly;

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected internal override async Task AcquireSchemaLockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Released by commit or rollback; a second node blocks here until the first has finished migrating.
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(hashtext('ftactors.schema.' || current_schema()))";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected internal override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Closes every pooled connection.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Closes every pooled connection.</summary>
    public void Dispose() => _dataSource.Dispose();
}
