-- FtActors schema, version 1 (PostgreSQL). Same tables and rules as Schema/sqlite/0001_initial.sql in
-- FtActors.Persistence, with PostgreSQL types. Applied once by the migration runner inside the transaction
-- that also records it in schema_version; never edit a released file, add 0002_*.sql instead.
-- Times are Unix milliseconds (UTC) in BIGINT columns, as in SQLite, so both dialects share one code path.

-- Events, one row per (persistence id, sequence number). The UNIQUE key is the concurrency guard: a second
-- live writer for the same id collides on it and stops.
CREATE TABLE event_journal (
    ordering       BIGSERIAL PRIMARY KEY,
    persistence_id TEXT      NOT NULL,
    sequence_nr    BIGINT    NOT NULL,
    is_deleted     BOOLEAN   NOT NULL DEFAULT FALSE,
    manifest       TEXT      NOT NULL,
    format_version INTEGER   NOT NULL,
    timestamp_ms   BIGINT    NOT NULL,
    payload        BYTEA     NOT NULL,
    tags           TEXT      NULL,
    CONSTRAINT event_journal_persistence_id_sequence_nr_key UNIQUE (persistence_id, sequence_nr)
);

-- Highest sequence numbers of physically deleted events, so the highest number survives deletes and a
-- restarted actor never reuses one.
CREATE TABLE journal_metadata (
    persistence_id TEXT   NOT NULL,
    sequence_nr    BIGINT NOT NULL,
    PRIMARY KEY (persistence_id, sequence_nr)
);

CREATE TABLE snapshot_store (
    persistence_id TEXT    NOT NULL,
    sequence_nr    BIGINT  NOT NULL,
    created_ms     BIGINT  NOT NULL,
    manifest       TEXT    NOT NULL,
    format_version INTEGER NOT NULL,
    payload        BYTEA   NOT NULL,
    PRIMARY KEY (persistence_id, sequence_nr)
);

-- One row per cluster; every membership row change bumps it in the same transaction.
CREATE TABLE cluster_version (
    cluster_id TEXT   NOT NULL PRIMARY KEY,
    version    BIGINT NOT NULL
);

-- One row per node incarnation. A restarted node is a new incarnation and so a new row.
CREATE TABLE cluster_members (
    cluster_id       TEXT    NOT NULL REFERENCES cluster_version (cluster_id),
    host             TEXT    NOT NULL,
    port             INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    incarnation      BIGINT  NOT NULL,
    status           TEXT    NOT NULL
                     CHECK (status IN ('Joining', 'Active', 'ShuttingDown', 'Dead', 'Left')),
    roles            TEXT    NOT NULL,
    cpu_count        INTEGER NOT NULL,
    memory_bytes     BIGINT  NOT NULL,
    page_store_bytes BIGINT  NOT NULL,
    suspect_times    TEXT    NOT NULL,
    start_time       BIGINT  NOT NULL,
    i_am_alive_time  BIGINT  NOT NULL,
    PRIMARY KEY (cluster_id, host, port, incarnation)
);
