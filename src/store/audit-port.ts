/**
 * The audit trail's part of the persistence port: an append-only table of hash-chained records,
 * the writers that appended them, and the signed anchors retention pruning leaves behind.
 * audit/ owns what the rows mean; the store only keeps them and answers the queries below.
 */

export type AuditRecordKind = 'start' | 'event' | 'digest';

/**
 * One record as stored: `body` is the record's canonical JSON text and `hash` its SHA-256 (hex).
 * The other columns are copies of fields of the body that lookups filter on (the verifier checks
 * that they still match it).
 */
export interface AuditRow {
  /** Position in the table, assigned by the store on insert (ascending in commit order). */
  pos?: number;
  writerId: string;
  seq: number;
  kind: AuditRecordKind;
  /** Epoch milliseconds: the event's time for events, the time of writing otherwise. */
  time: number;
  /** recipientAccountId of an event: the account that may look it up. */
  accountId?: string;
  eventId?: string;
  eventName?: string;
  eventSource?: string;
  readOnly?: boolean;
  username?: string;
  accessKeyId?: string;
  /** JSON array of {ResourceType, ResourceName}, as LookupEvents answers them. */
  resources?: string;
  body: string;
  hash: string;
}

/** A process that appends to the trail (one per process start). Metadata only: never trusted by verify. */
export interface AuditWriterRow {
  writerId: string;
  startedAt: number;
  /** open: running or crashed; closed: wrote its closing digest; adopted: a later start witnessed it for good. */
  state: 'open' | 'closed' | 'adopted';
}

/** Signed statement that a writer's records up to `throughSeq` (whose hash is `throughHash`) were pruned. */
export interface AuditAnchor {
  writerId: string;
  throughSeq: number;
  throughHash: string;
  prunedAt: number;
  /** Ed25519 signature (base64) over the anchor's canonical JSON without this field. */
  signature: string;
}

export type AuditLookupKey =
  | 'EventId'
  | 'EventName'
  | 'ReadOnly'
  | 'Username'
  | 'ResourceType'
  | 'ResourceName'
  | 'EventSource'
  | 'AccessKeyId';

export interface AuditEventQuery {
  accountId: string;
  /** Inclusive bounds, epoch milliseconds. */
  startTime: number;
  endTime: number;
  attribute?: { key: AuditLookupKey; value: string };
  /** Keyset position: only events strictly older than this (time, pos). */
  before?: { time: number; pos: number };
  limit: number;
}

export interface AuditTx {
  /** Appends rows in the given order. */
  insert(rows: AuditRow[]): Promise<void>;
  /** The last record of a writer's chain, if any. */
  head(writerId: string): Promise<{ seq: number; hash: string; time: number } | undefined>;
  /** The hash of one record, if present. */
  hashOf(writerId: string, seq: number): Promise<string | undefined>;
  writers(): Promise<AuditWriterRow[]>;
  putWriter(w: AuditWriterRow): Promise<void>;
  /** Rows in position order, after `afterPos`. */
  scan(afterPos: number, limit: number): Promise<AuditRow[]>;
  /** Events of one account, newest first (time, then position). */
  lookup(q: AuditEventQuery): Promise<AuditRow[]>;
  /** The writer's newest digest written before `time`. */
  lastDigestBefore(writerId: string, time: number): Promise<{ seq: number; hash: string } | undefined>;
  /** Writers that have records, with their lowest and highest sequence numbers. */
  chains(): Promise<{ writerId: string; minSeq: number; maxSeq: number }[]>;
  /** Deletes a writer's records up to and including `seq`; returns how many went. */
  deleteThrough(writerId: string, seq: number): Promise<number>;
  anchors(): Promise<AuditAnchor[]>;
  putAnchor(a: AuditAnchor): Promise<void>;
}
