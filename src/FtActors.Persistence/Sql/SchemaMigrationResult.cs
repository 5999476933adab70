using System.Collections.Immutable;

namespace FtActors.Persistence.Sql;

/// <summary>What a migration run did.</summary>
/// <param name="Dialect">The dialect migrated ("sqlite", "postgresql").</param>
/// <param name="PreviousVersion">The database's schema version before the run; 0 for a fresh database.</param>
/// <param name="CurrentVersion">The schema version after the run.</param>
/// <param name="Applied">The script versions this run applied, in order; empty when the database was already current.</param>
public sealed record SchemaMigrationResult(string Dialect, int PreviousVersion, int CurrentVersion, ImmutableArray<int> Applied);
