using System.Globalization;

namespace FtActors.Persistence.Sqlite;

/// <summary>Settings of the embedded SQLite store, validated when an executor is created.</summary>
public sealed record SqlitePersistenceOptions
{
    /// <summary>The database file; created with the schema on first use. In-memory databases cannot run WAL and are refused.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// How long a connection waits for another connection's write lock before failing with SQLITE_BUSY.
    /// Generous by default: a loaded 2-core node can hold the lock for a while during a checkpoint.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SQLite's <c>synchronous</c> setting. <see cref="SqliteSynchronous.Full"/> (the default) makes every
    /// committed batch survive a power cut; <see cref="SqliteSynchronous.Normal"/> in WAL mode may lose the
    /// last commits on power loss but never corrupts the file.
    /// </summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>Checks every setting and throws with the setting's name, what was expected and what was found.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new PersistenceException("SqlitePersistenceOptions.DatabasePath: expected a file path, found an empty value.");
        }

        if (DatabasePath.Trim() == ":memory:" || DatabasePath.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
        {
            throw new PersistenceException($"SqlitePersistenceOptions.DatabasePath: expected a file (WAL mode needs one), found the in-memory database '{DatabasePath}'.");
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > TimeSpan.FromHours(1))
        {
            throw new PersistenceException($"SqlitePersistenceOptions.BusyTimeout: expected a duration between 0 and 1 hour, found {BusyTimeout.ToString("c", CultureInfo.InvariantCulture)}.");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw new PersistenceException($"SqlitePersistenceOptions.Synchronous: expected Full or Normal, found {Synchronous}.");
        }
    }
}
