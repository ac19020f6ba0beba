import type Database from 'better-sqlite3';
import type { AuditAnchor, AuditEventQuery, AuditRow, AuditTx, AuditWriterRow } from '../audit-port.js';

interface Row {
  pos: number;
  writer_id: string;
  seq: number;
  kind: AuditRow['kind'];
  time: number;
  account_id: string | null;
  event_id: string | null;
  event_name: string | null;
  event_source: string | null;
  read_only: number | null;
  username: string | null;
  access_key_id: string | null;
  resources: string | null;
  body: string;
  hash: string;
}

function fromRow(r: Row): AuditRow {
  const out: AuditRow = { pos: r.pos, writerId: r.writer_id, seq: r.seq, kind: r.kind, time: r.time, body: r.body, hash: r.hash };
  if (r.account_id !== null) out.accountId = r.account_id;
  if (r.event_id !== null) out.eventId = r.event_id;
  if (r.event_name !== null) out.eventName = r.event_name;
  if (r.event_source !== null) out.eventSource = r.event_source;
  if (r.read_only !== null) out.readOnly = r.read_only === 1;
  if (r.username !== null) out.username = r.username;
  if (r.access_key_id !== null) out.accessKeyId = r.access_key_id;
  if (r.resources !== null) out.resources = r.resources;
  return out;
}

/** The column (or condition) each LookupEvents attribute filters on. */
const ATTRIBUTE_SQL: Record<NonNullable<AuditEventQuery['attribute']>['key'], string> = {
  EventId: 'event_id = ?',
  EventName: 'event_name = ?',
  ReadOnly: 'read_only = ?',
  Username: 'username = ?',
  EventSource: 'event_source = ?',
  AccessKeyId: 'access_key_id = ?',
  ResourceType: "EXISTS (SELECT 1 FROM json_each(audit_records.resources) j WHERE json_extract(j.value, '$.ResourceType') = ?)",
  ResourceName: "EXISTS (SELECT 1 FROM json_each(audit_records.resources) j WHERE json_extract(j.value, '$.ResourceName') = ?)",
};

/** AuditTx over one better-sqlite3 connection (statements prepared through the owner's cache). */
export class AuditTables implements AuditTx {
  constructor(private readonly st: (sql: string) => Database.Statement) {}

  async insert(rows: AuditRow[]): Promise<void> {
    this.insertNow(rows);
  }

  /** insert() without the promise, for the append thread (errors throw here and now). */
  insertNow(rows: AuditRow[]): void {
    const ins = this.st(
      `INSERT INTO audit_records (writer_id, seq, kind, time, account_id, event_id, event_name, event_source,
         read_only, username, access_key_id, resources, body, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const r of rows) {
      const info = ins.run(
        r.writerId,
        r.seq,
        r.kind,
        r.time,
        r.accountId ?? null,
        r.eventId ?? null,
        r.eventName ?? null,
        r.eventSource ?? null,
        r.readOnly === undefined ? null : r.readOnly ? 1 : 0,
        r.username ?? null,
        r.accessKeyId ?? null,
        r.resources ?? null,
        r.body,
        r.hash,
      );
      r.pos = Number(info.lastInsertRowid);
    }
  }

  async head(writerId: string): Promise<{ seq: number; hash: string; time: number } | undefined> {
    return this.st('SELECT seq, hash, time FROM audit_records WHERE writer_id = ? ORDER BY seq DESC LIMIT 1').get(writerId) as
      | { seq: number; hash: string; time: number }
      | undefined;
  }

  async hashOf(writerId: string, seq: number): Promise<string | undefined> {
    const r = this.st('SELECT hash FROM audit_records WHERE writer_id = ? AND seq = ?').get(writerId, seq) as { hash: string } | undefined;
    return r?.hash;
  }

  async writers(): Promise<AuditWriterRow[]> {
    const rows = this.st('SELECT writer_id, started_at, state FROM audit_writers ORDER BY started_at, writer_id').all() as {
      writer_id: string;
      started_at: number;
      state: AuditWriterRow['state'];
    }[];
    return rows.map((r) => ({ writerId: r.writer_id, startedAt: r.started_at, state: r.state }));
  }

  async putWriter(w: AuditWriterRow): Promise<void> {
    this.st(
      `INSERT INTO audit_writers (writer_id, started_at, state) VALUES (?, ?, ?)
       ON CONFLICT (writer_id) DO UPDATE SET state = excluded.state`,
    ).run(w.writerId, w.startedAt, w.state);
  }

  async scan(afterPos: number, limit: number): Promise<AuditRow[]> {
    const rows = this.st('SELECT * FROM audit_records WHERE pos > ? ORDER BY pos LIMIT ?').all(afterPos, limit) as Row[];
    return rows.map(fromRow);
  }

  async lookup(q: AuditEventQuery): Promise<AuditRow[]> {
    let sql = "SELECT * FROM audit_records WHERE kind = 'event' AND account_id = ? AND time >= ? AND time <= ?";
    const params: unknown[] = [q.accountId, q.startTime, q.endTime];
    if (q.before) {
      sql += ' AND (time < ? OR (time = ? AND pos < ?))';
      params.push(q.before.time, q.before.time, q.before.pos);
    }
    if (q.attribute) {
      sql += ` AND ${ATTRIBUTE_SQL[q.attribute.key]}`;
      params.push(q.attribute.key === 'ReadOnly' ? (q.attribute.value === 'true' ? 1 : 0) : q.attribute.value);
    }
    sql += ' ORDER BY time DESC, pos DESC LIMIT ?';
    params.push(q.limit);
    return (this.st(sql).all(...params) as Row[]).map(fromRow);
  }

  async lastDigestBefore(writerId: string, time: number): Promise<{ seq: number; hash: string } | undefined> {
    return this.st(
      "SELECT seq, hash FROM audit_records WHERE writer_id = ? AND kind = 'digest' AND time < ? ORDER BY time DESC, seq DESC LIMIT 1",
    ).get(writerId, time) as { seq: number; hash: string } | undefined;
  }

  async chains(): Promise<{ writerId: string; minSeq: number; maxSeq: number }[]> {
    const rows = this.st('SELECT writer_id, MIN(seq) AS min_seq, MAX(seq) AS max_seq FROM audit_records GROUP BY writer_id').all() as {
      writer_id: string;
      min_seq: number;
      max_seq: number;
    }[];
    return rows.map((r) => ({ writerId: r.writer_id, minSeq: r.min_seq, maxSeq: r.max_seq }));
  }

  async deleteThrough(writerId: string, seq: number): Promise<number> {
    return this.st('DELETE FROM audit_records WHERE writer_id = ? AND seq <= ?').run(writerId, seq).changes;
  }

  async anchors(): Promise<AuditAnchor[]> {
    const rows = this.st('SELECT * FROM audit_anchors ORDER BY writer_id').all() as {
      writer_id: string;
      through_seq: number;
      through_hash: string;
      pruned_at: number;
      signature: string;
    }[];
    return rows.map((r) => ({
      writerId: r.writer_id,
      throughSeq: r.through_seq,
      throughHash: r.through_hash,
      prunedAt: r.pruned_at,
      signature: r.signature,
    }));
  }

  async putAnchor(a: AuditAnchor): Promise<void> {
    this.st(
      `INSERT INTO audit_anchors (writer_id, through_seq, through_hash, pruned_at, signature) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (writer_id) DO UPDATE SET through_seq = excluded.through_seq, through_hash = excluded.through_hash,
         pruned_at = excluded.pruned_at, signature = excluded.signature`,
    ).run(a.writerId, a.throughSeq, a.throughHash, a.prunedAt, a.signature);
  }
}
