/**
 * The audit trail: hash-chained records (events, writer starts, signed digests), the writers that
 * appended them, and the signed anchors retention pruning leaves. Lookups read events of one
 * account by time; the other LookupEvents attributes filter that range.
 */
export const AUDIT_SCHEMA = `
  CREATE TABLE audit_records (
    pos INTEGER PRIMARY KEY AUTOINCREMENT,
    writer_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    time INTEGER NOT NULL,
    account_id TEXT,
    event_id TEXT,
    event_name TEXT,
    event_source TEXT,
    read_only INTEGER,
    username TEXT,
    access_key_id TEXT,
    resources TEXT,
    body TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (writer_id, seq)
  );
  CREATE INDEX audit_events_by_time ON audit_records (account_id, time, pos) WHERE kind = 'event';
  CREATE INDEX audit_events_by_id ON audit_records (event_id) WHERE event_id IS NOT NULL;
  CREATE INDEX audit_digests_by_time ON audit_records (writer_id, time) WHERE kind = 'digest';
  CREATE TABLE audit_writers (
    writer_id TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,
    state TEXT NOT NULL
  );
  CREATE TABLE audit_anchors (
    writer_id TEXT PRIMARY KEY,
    through_seq INTEGER NOT NULL,
    through_hash TEXT NOT NULL,
    pruned_at INTEGER NOT NULL,
    signature TEXT NOT NULL
  );
  `;
