import type { AuditAnchor, AuditRow } from '../store/index.js';
import { anchorVerifies } from './anchor.js';
import { GENESIS_HASH, parseRecordText, sha256Hex, type AuditRecord } from './audit-record.js';
import { eventColumns, type CloudTrailEvent } from './cloudtrail-event.js';
import { digestProblem, isWitness, type Witness } from './digest.js';
import type { AuditVerifyKey } from './signer.js';
import { tailFailures, type ChainState, type Claim, type Failure, type VerifyReport } from './verify-report.js';

export interface VerifyOptions {
  key: AuditVerifyKey;
  /** Only problems with records in [since, until] (epoch ms) are reported. */
  since?: number;
  until?: number;
}

/** One record as a source hands it over. `row` is set for the store (its lookup columns are checked). */
export interface VerifyItem {
  where: string;
  text: string;
  hash: string;
  row?: AuditRow;
}

/**
 * Checks a stream of records in the order they were written (store positions, or file lines):
 * every record hashes to its stored hash; each writer's records follow each other without gap,
 * repeat or reordering, each linking to its predecessor's hash; each chain starts with a start
 * record sealed by a digest; every digest is signed by the key and closes exactly the range since
 * the previous one; nothing follows a closing digest. `finish` then checks what other chains
 * witnessed and which records no signature covers yet.
 */
export class AuditVerifier {
  private index = 0;
  private readonly chains = new Map<string, ChainState>();
  private readonly anchors = new Map<string, AuditAnchor>();
  private readonly failures: Failure[] = [];
  private readonly claims: Claim[] = [];
  private counts = { records: 0, events: 0, digests: 0 };

  constructor(private readonly o: VerifyOptions) {}

  addAnchor(a: AuditAnchor, where: string): void {
    const index = this.index++;
    if (!anchorVerifies(a, this.o.key)) {
      this.fail({ index, where, message: `pruning anchor of writer ${String(a.writerId)} is not signed by the verifying key` });
      return;
    }
    this.anchors.set(a.writerId, a);
  }

  /** A head another source vouches for with the key (a head file): that record must exist as named. */
  addWitness(w: Witness, where: string, time: number): void {
    this.claims.push({ ...w, by: where, index: this.index++, time });
  }

  addRecord(item: VerifyItem): void {
    const index = this.index++;
    this.counts.records++;
    let r: AuditRecord;
    try {
      r = parseRecordText(item.text);
    } catch (e) {
      this.fail({ index, where: item.where, message: `unreadable record: ${(e as Error).message}` });
      return;
    }
    const name = `${r.writer}#${r.seq}`;
    const at = { index, where: item.where, record: name, time: r.time };
    if (sha256Hex(item.text) !== item.hash) this.fail({ ...at, message: `record ${name} was altered: its content does not match its hash` });
    if (item.row) {
      const problem = columnsProblem(item.row, r);
      if (problem) this.fail({ ...at, message: `record ${name} was altered: ${problem}` });
    }
    const c = this.chainOf(r.writer);
    if (c.closed) this.fail({ ...at, message: `record ${name} follows the closing digest of its writer (inserted)` });
    if (r.seq > c.expectSeq) {
      this.fail({ ...at, record: `${r.writer}#${c.expectSeq}`, message: `record ${r.writer}#${c.expectSeq}${r.seq - c.expectSeq > 1 ? ` to #${r.seq - 1}` : ''} is missing or out of place before ${item.where} (deleted, truncated or reordered)` });
    } else if (r.seq < c.expectSeq) {
      const first = c.seen.get(r.seq);
      this.fail({ ...at, message: `record ${name} is out of order${first ? ` (it already came at ${first})` : ''}: records were inserted or reordered` });
    } else if (r.prev !== c.expectPrev) {
      this.fail({ ...at, record: c.prevName ?? name, message: `record ${name} does not link to its predecessor${c.prevWhere ? ` at ${c.prevWhere}` : ''}: a record was replaced, inserted or reordered` });
    }
    c.seen.set(r.seq, item.where);
    if (c.seen.size > 4096) c.seen.delete(c.seen.keys().next().value as number);
    c.expectSeq = r.seq + 1;
    c.expectPrev = item.hash;
    c.prevWhere = item.where;
    c.prevName = name;
    c.lastSeq = r.seq;
    c.lastHash = item.hash;
    this.checkKind(c, r, at);
  }

  private checkKind(c: ChainState, r: AuditRecord, at: Omit<Failure, 'message'>): void {
    const name = at.record!;
    if (r.kind === 'start') {
      if (r.seq !== 1) this.fail({ ...at, message: `record ${name} is a start record in the middle of a chain (inserted)` });
      if (typeof r.body.digestIntervalMs === 'number') c.intervalMs = r.body.digestIntervalMs;
      c.startClaims = witnessesOf(r.body.witnesses).map((w) => ({ ...w, by: at.where, index: at.index, time: r.time }));
    } else if (r.seq === 1 && !c.anchored) {
      this.fail({ ...at, message: `record ${name} should be its writer's start record (inserted or forged chain)` });
    }
    if (r.seq === 2 && !c.anchored && r.kind !== 'digest') {
      this.fail({ ...at, message: `record ${name} should be the signed digest of its writer's start (forged chain)` });
    }
    if (r.kind === 'digest') {
      this.counts.digests++;
      const problem = digestProblem(r, this.o.key);
      const b = r.body as { from: number; to: number; closing: boolean; witnesses: Witness[] };
      if (problem) this.fail({ ...at, message: `record ${name}: ${problem}` });
      else if (b.from !== c.lastDigestSeq + 1 || b.to !== r.seq - 1) {
        this.fail({ ...at, message: `digest ${name} covers #${b.from} to #${b.to} but the previous digest is #${c.lastDigestSeq}` });
      } else {
        c.lastDigestSeq = r.seq;
        c.tail = [];
        if (r.seq === 2 && !c.anchored) {
          c.startSealed = true;
          this.claims.push(...c.startClaims);
        }
        this.claims.push(...b.witnesses.map((w) => ({ ...w, by: at.where, index: at.index, time: r.time })));
        c.closed = b.closing;
      }
      return;
    }
    if (r.kind === 'event') this.counts.events++;
    c.tail.push({ seq: r.seq, time: r.time, where: at.where, index: at.index });
  }

  /** writer#seq of every record a signed record witnessed (a file source looks their hashes up in a second pass). */
  witnessedKeys(): Set<string> {
    return new Set(this.claims.map((c) => `${c.writer}#${c.seq}`));
  }

  /**
   * Completes the check: witnessed heads must exist with the witnessed hash (`hashOf` reads one
   * record's stored hash from the source); a manifest (exports) must match the chains' ends; no
   * record older than its writer's digest interval allows may lack a signature.
   */
  async finish(
    hashOf: (writer: string, seq: number) => Promise<string | undefined>,
    /** Reference time for "not yet sealed" tails: now for the store, the export time for a file. */
    now: number,
    manifestHeads?: { heads: Witness[]; where: string },
  ): Promise<VerifyReport> {
    const witnessed = new Map<string, number>();
    for (const cl of this.claims) {
      const anchor = this.anchors.get(cl.writer);
      if (anchor && cl.seq <= anchor.throughSeq) continue;
      const h = await hashOf(cl.writer, cl.seq);
      const at = { index: cl.index, where: cl.by, record: `${cl.writer}#${cl.seq}`, time: cl.time };
      const c = this.chains.get(cl.writer);
      if (h === undefined && c && c.lastSeq < cl.seq) {
        const first = c.lastSeq + 1;
        const range = first < cl.seq ? `records ${cl.writer}#${first} to #${cl.seq} are` : `record ${cl.writer}#${cl.seq} is`;
        this.fail({ ...at, record: `${cl.writer}#${first}`, message: `${range} missing: the chain was cut short after #${c.lastSeq} (${cl.by} names #${cl.seq})` });
      } else if (h === undefined) this.fail({ ...at, message: `record ${cl.writer}#${cl.seq}, witnessed at ${cl.by}, is missing (deleted or truncated)` });
      else if (h !== cl.hash) this.fail({ ...at, message: `record ${cl.writer}#${cl.seq} differs from what ${cl.by} witnessed (replaced)` });
      else witnessed.set(cl.writer, Math.max(witnessed.get(cl.writer) ?? 0, cl.seq));
    }
    if (manifestHeads) {
      const listed = new Set(manifestHeads.heads.map((h) => h.writer));
      for (const h of manifestHeads.heads) {
        const c = this.chains.get(h.writer);
        const at = { index: this.index, where: manifestHeads.where, record: `${h.writer}#${h.seq}` };
        if (!c || c.lastSeq < h.seq) this.fail({ ...at, message: `record ${h.writer}#${c ? c.lastSeq + 1 : 1} to #${h.seq} is missing: the export was truncated` });
        else if (c.lastSeq > h.seq) this.fail({ ...at, record: `${h.writer}#${h.seq + 1}`, message: `records after ${h.writer}#${h.seq} were added after the export` });
        else if (c.lastHash !== h.hash) this.fail({ ...at, message: `record ${h.writer}#${h.seq} is not the one exported (replaced)` });
        else witnessed.set(h.writer, Math.max(witnessed.get(h.writer) ?? 0, h.seq));
      }
      for (const [w] of this.chains) {
        if (!listed.has(w)) this.fail({ index: this.index, where: manifestHeads.where, record: `${w}#1`, message: `writer ${w} is not in the export's manifest (inserted)` });
      }
    }
    for (const c of this.chains.values()) {
      if (!c.anchored && !c.startSealed && c.lastSeq >= 1 && c.tail[0]) {
        const t = c.tail[0];
        this.fail({ index: t.index, where: t.where, record: `${c.writer}#1`, message: `writer ${c.writer} has no signed start (forged chain)`, time: t.time });
      }
    }
    const tails = tailFailures(this.chains.values(), witnessed, now);
    for (const f of tails.failures) this.fail(f);
    const failures = [...this.failures].sort((a, b) => a.index - b.index);
    return {
      ok: failures.length === 0,
      records: this.counts.records,
      events: this.counts.events,
      digests: this.counts.digests,
      writers: this.chains.size,
      anchors: this.anchors.size,
      unsealed: tails.unsealed,
      failures,
    };
  }

  private chainOf(writer: string): ChainState {
    let c = this.chains.get(writer);
    if (!c) {
      const a = this.anchors.get(writer);
      c = {
        writer,
        expectSeq: a ? a.throughSeq + 1 : 1,
        expectPrev: a ? a.throughHash : GENESIS_HASH,
        anchored: a !== undefined,
        lastSeq: a ? a.throughSeq : 0,
        lastHash: a ? a.throughHash : GENESIS_HASH,
        lastDigestSeq: a ? a.throughSeq : 0,
        intervalMs: 60_000,
        startSealed: false,
        startClaims: [],
        closed: false,
        tail: [],
        seen: new Map(),
      };
      this.chains.set(writer, c);
    }
    return c;
  }

  private fail(f: Failure): void {
    if (f.time !== undefined && ((this.o.since !== undefined && f.time < this.o.since) || (this.o.until !== undefined && f.time > this.o.until))) return;
    this.failures.push(f);
  }
}

function witnessesOf(v: unknown): Witness[] {
  return Array.isArray(v) ? v.filter(isWitness) : [];
}

/** The stored lookup columns must be what the record itself says. */
function columnsProblem(row: AuditRow, r: AuditRecord): string | undefined {
  if (row.writerId !== r.writer || row.seq !== r.seq || row.kind !== r.kind || row.time !== r.time) return 'its columns do not match its content';
  if (r.kind !== 'event') {
    const stray = (['accountId', 'eventId', 'eventName', 'eventSource', 'readOnly', 'username', 'accessKeyId', 'resources'] as const).find((k) => row[k] !== undefined);
    return stray ? `its ${stray} column is set on a ${r.kind} record` : undefined;
  }
  const want = eventColumns(r.body as unknown as CloudTrailEvent);
  for (const k of Object.keys(want) as (keyof typeof want)[]) {
    if ((want[k] ?? null) !== (row[k] ?? null)) return `its ${k} column does not match its content`;
  }
  return undefined;
}
