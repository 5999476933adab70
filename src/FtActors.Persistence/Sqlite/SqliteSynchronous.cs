namespace FtActors.Persistence.Sqlite;

/// <summary>SQLite's durability level (<c>PRAGMA synchronous</c>); the names are the pragma's values.</summary>
public enum SqliteSynchronous
{
    /// <summary>Sync the WAL on every commit: committed means durable.</summary>
    Full,

    /// <summary>Sync only at checkpoints: consistent after a crash, but the last commits may be lost on power loss.</summary>
    Normal,
}
