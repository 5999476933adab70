using FtActors.Persistence.Tests.Support;

namespace FtActors.Persistence.Tests.Schema;

/// <summary>The migration spec on PostgreSQL (a fresh schema per test).</summary>
[RequiresPostgreSql]
public sealed class PostgreSqlSchemaMigratorTests : SchemaMigratorSpec<PostgreSqlEngine>;
