-- FtActors schema, version 1 (SQLite). Applied once by the migration runner inside the transaction that
-- also records it in schema_version; never edit a released file, add 0002_*.sql instead.
-- Times are Unix milliseconds (UTC) in INTEGER columns.

-- Events, one row per (persistence id, sequence number). The UNIQUE key is the concurrency guard: a second
-- live writer for the same id collides on it and stops.
CREATE TABLE event_journal (
    ordering       INTEGER PRIMARY KEY,
    persistence_id TEXT    NOT NULL,
    sequence_nr    INTEGER NOT NULL,
    is_deleted     INTEGER NOT NULL DEFAULT 0 CHECK (is_deleted IN (0, 1)),
    manifest       TEXT    NOT NULL,
    format_version INTEGER NOT NULL,
    timestamp_ms   INTEGER NOT NULL,
    payload        BLOB    NOT NULL,
    tags           TEXT    NULL,
    UNIQUE (persistence_id, sequence_nr)
);

-- Highest sequence numbers of physically deleted events, so the highest number survives deletes and a
-- restarted actor never reuses one.
CREATE TABLE journal_metadata (
    persistence_id TEXT    NOT NULL,
    sequence_nr    INTEGER NOT NULL,
    PRIMARY KEY (persistence_id, sequence_nr)
);

CREATE TABLE snapshot_store (
    persistence_id TEXT    NOT NULL,
    sequence_nr    INTEGER NOT NULL,
    created_ms     INTEGER NOT NULL,
    manifest       TEXT    NOT NULL,
    format_version INTEGER NOT NULL,
    payload        BLOB    NOT NULL,
    PRIMARY KEY (persistence_id, sequence_nr)
);

-- One row per cluster; every membership row change bumps it in the same transaction.
CREATE TABLE cluster_version (
    cluster_id TEXT    NOT NULL PRIMARY KEY,
    version    INTEGER NOT NULL
);

-- One row per node incarnation. A restarted node is a new incarnation and so a new row.
CREATE TABLE cluster_members (
    cluster_id       TEXT    NOT NULL REFERENCES cluster_version (cluster_id),
    host             TEXT    NOT NULL,
    port             INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    incarnation      INTEGER NOT NULL,
    status           TEXT    NOT NULL
                     CHECK (status IN ('Joining', 'Active', 'ShuttingDown', 'Dead', 'Left')),
    roles            TEXT    NOT NULL,
    cpu_count        INTEGER NOT NULL,
    memory_bytes     INTEGER NOT NULL,
    page_store_bytes INTEGER NOT NULL,
    suspect_times    TEXT    NOT NULL,
    start_time       INTEGER NOT NULL,
    i_am_alive_time  INTEGER NOT NULL,
    PRIMARY KEY (cluster_id, host, port, incarnation)
);
