using System.Globalization;

namespace FtActors.Persistence;

/// <summary>
/// The database records a schema version this build does not know: a newer FtActors migrated it. Opening it
/// anyway could misread or corrupt rows written under rules this build has never seen, so startup stops.
/// </summary>
public sealed class SchemaVersionTooNewException : PersistenceException
{
    /// <summary>Creates the exception for a database at <paramref name="databaseVersion"/> and a build that knows up to <paramref name="knownVersion"/>.</summary>
    public SchemaVersionTooNewException(string dialect, int databaseVersion, int knownVersion)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"The {dialect} database has schema version {databaseVersion}, but this build of FtActors knows schema versions up to {knownVersion}; it was written by a newer build. Upgrade this node or use another database."))
    {
        Dialect = dialect;
        DatabaseVersion = databaseVersion;
        KnownVersion = knownVersion;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public SchemaVersionTooNewException()
        : base("The database schema version is newer than this build knows.")
    {
        Dialect = string.Empty;
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public SchemaVersionTooNewException(string message)
        : base(message)
    {
        Dialect = string.Empty;
    }

    /// <summary>Creates the exception with a custom message and cause.</summary>
    public SchemaVersionTooNewException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Dialect = string.Empty;
    }

    /// <summary>The SQL dialect of the database ("sqlite", "postgresql").</summary>
    public string Dialect { get; }

    /// <summary>The highest version recorded in the database's <c>schema_version</c> table.</summary>
    public int DatabaseVersion { get; }

    /// <summary>The highest schema version this build ships scripts for.</summary>
    public int KnownVersion { get; }
}
