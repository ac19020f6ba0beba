import crypto from 'node:crypto';
import os from 'node:os';
import { Mutex, type AuditRecordKind, type AuditRow, type Store, type StoreTx } from '../store/index.js';
import { recordLine, type SealedRecord } from './audit-record.js';
import { ChainWriter } from './chain-writer.js';
import { eventColumns, type CloudTrailEvent } from './cloudtrail-event.js';
import { GroupCommit } from './group-commit.js';
import type { Witness } from './digest.js';
import type { HeadFiles } from './head-files.js';
import { pruneAuditTrail } from './retention.js';
import { serviceEvent, type ServiceEventInput } from './service-event.js';
import type { AuditSigner } from './signer.js';
import type { SinkQueue } from './sinks/sink-queue.js';
import { WitnessBook } from './witnesses.js';

export interface AuditTrailOptions {
  store: Store;
  /** The store as a sink: records go into the same transactions as the changes they describe. */
  storeSink: { enabled: boolean; required: boolean };
  /** File and stdout sinks. */
  streams: SinkQueue[];
  signer: AuditSigner;
  region: string;
  digestIntervalMs: number;
  /** 0 keeps records for ever. */
  retentionMs: number;
  /** Longest wait for the store to take the events of a call (reads, failures); default 5 s. */
  storeTimeoutMs?: number;
  /** Signed head files beside the store (with the store sink). */
  heads?: HeadFiles;
  onProblem(message: string, err?: unknown): void;
  clock?: () => number;
}

/** Records the trail should append: kind, time and body (a CloudTrail event for events). */
interface Pending {
  kind: AuditRecordKind;
  time: number;
  body: Record<string, unknown>;
  event?: CloudTrailEvent;
}


const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * The audit trail of one process: its own hash chain (a random writer id per start), the sinks it
 * publishes to, periodic signed digests and retention. Appends are serialised by one lock and each
 * batch is committed before the next is sealed, so the chain in memory always continues what the
 * store holds; a failed commit rewinds it.
 *
 * Durability: `recordEvents` resolves once every required sink holds the events (group commit:
 * events of concurrent calls share one transaction and fsync). `transaction` and `writeWithEvents`
 * put events into the same store transaction as a change, so both commit or neither does.
 */
export class AuditTrail {
  readonly writerId = crypto.randomBytes(16).toString('hex');
  private readonly chain: ChainWriter;
  private readonly lock = new Mutex();
  private readonly witnesses: WitnessBook;
  private readonly clock: () => number;
  private readonly group: GroupCommit<Pending>;
  private stopped = false;
  private startedAt = 0;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly o: AuditTrailOptions) {
    this.chain = new ChainWriter(this.writerId, o.signer);
    this.clock = o.clock ?? Date.now;
    this.witnesses = new WitnessBook(this.writerId, 10 * o.digestIntervalMs);
    this.group = new GroupCommit((pending) => this.commit(async () => ({ result: undefined, pending }), false, true), o.storeTimeoutMs ?? 5000);
  }

  /** Writes the start record (witnessing other writers) and its digest, then starts the timers. */
  async start(): Promise<void> {
    const now = (this.startedAt = this.clock());
    const files = new Map<string, Witness>();
    if (this.o.heads && this.o.storeSink.enabled) {
      const read = this.o.heads.readAll(this.o.signer.verifyKey);
      for (const h of read.heads) files.set(h.writer, { writer: h.writer, seq: h.seq, hash: h.hash });
      for (const p of read.problems) this.o.onProblem(`audit trail: ${p}`);
    }
    const finished = await this.commit(async (tx) => {
      let witnesses: Witness[] = [];
      let done: string[] = [];
      if (tx && this.o.storeSink.enabled) {
        const seen = await this.witnesses.atStart(tx, now, files);
        witnesses = seen.witnesses;
        done = seen.finished;
        for (const l of seen.lost) {
          this.o.onProblem(`audit trail: the store lacks records of writer ${l.writer} up to #${l.seq} that its head file names (removed?); \`coffer audit verify\` will report them`);
        }
        await tx.audit.putWriter({ writerId: this.writerId, startedAt: now, state: 'open' });
      }
      const start = { digestIntervalMs: this.o.digestIntervalMs, host: os.hostname(), pid: process.pid, witnesses };
      return { result: done, pending: [rec('start', now, start), rec('digest', now, { closing: false, witnesses: [] })] };
    }, false);
    this.saveHead();
    for (const w of finished) this.o.heads?.remove(w);
    const digestTimer = setInterval(() => this.digest(false).catch((e) => this.o.onProblem('audit digest failed', e)), this.o.digestIntervalMs);
    this.timers.push(digestTimer);
    if (this.o.retentionMs > 0 && this.o.storeSink.enabled) {
      const prune = () => this.prune().catch((e) => this.o.onProblem('audit retention pruning failed', e));
      void prune();
      this.timers.push(setInterval(prune, Math.min(PRUNE_EVERY_MS, this.o.retentionMs)));
    }
    for (const t of this.timers) t.unref();
  }

  /** Writes the closing digest and flushes the sinks. Records after this are refused. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    while (!this.group.idle) await new Promise((r) => setTimeout(r, 5));
    try {
      await this.digest(true);
    } finally {
      this.stopped = true;
      for (const s of this.o.streams) {
        await s.drain(2000);
        await s.sink.close().catch(() => undefined);
      }
    }
  }

  /** Appends events in their own (shared) transaction; resolves when they are durable. */
  recordEvents(events: CloudTrailEvent[], time: number): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.group.submit(events.map((e) => eventRec(e, time)));
  }

  /** A service event (purger, rotation, ...) in its own transaction; resolves when durable. */
  recordServiceEvent(input: ServiceEventInput): Promise<void> {
    return this.recordEvents([serviceEvent(input)], input.time ?? this.clock());
  }

  /**
   * A store write whose service events commit with it: `emit` inside `fn` adds one. Never call
   * recordEvents/recordServiceEvent and wait for them inside a store transaction: use this.
   */
  transaction<T>(fn: (tx: StoreTx, emit: (e: ServiceEventInput) => void) => Promise<T>): Promise<T> {
    return this.commit(async (tx) => {
      const pending: Pending[] = [];
      const result = await fn(tx!, (e) => pending.push(eventRec(serviceEvent(e), e.time ?? this.clock())));
      return { result, pending };
    }, true);
  }

  /** A store write that also appends the events `eventsFor(result)` in the same transaction. */
  writeWithEvents<T>(fn: (tx: StoreTx) => Promise<T>, eventsFor: (result: T) => CloudTrailEvent[], time: number): Promise<T> {
    return this.commit(async (tx) => {
      const result = await fn(tx!);
      return { result, pending: eventsFor(result).map((e) => eventRec(e, time)) };
    }, true);
  }

  /** Writes a digest if records were appended since the last one (always when closing). */
  async digest(closing: boolean): Promise<void> {
    if (!closing && !this.chain.hasUndigested) return;
    const now = this.clock();
    await this.commit(async (tx) => {
      if (!closing && !this.chain.hasUndigested) return { result: undefined, pending: [] };
      const witnesses = tx && this.o.storeSink.enabled ? await this.witnesses.atDigest(tx) : [];
      if (closing && tx && this.o.storeSink.enabled) {
        await tx.audit.putWriter({ writerId: this.writerId, startedAt: this.startedAt, state: 'closed' });
      }
      return { result: undefined, pending: [rec('digest', now, { closing, witnesses })] };
    }, false);
    this.saveHead();
  }

  /** Rewrites this writer's head file after a digest (a failure is reported, not fatal). */
  private saveHead(): void {
    const d = this.chain.lastDigest;
    if (!d || !this.o.heads || !this.o.storeSink.enabled) return;
    try {
      this.o.heads.write({ writer: this.writerId, ...d }, this.o.signer);
    } catch (err) {
      this.o.onProblem('audit trail: could not write the head file', err);
    }
  }

  /** Applies the retention period once; returns how many records went. */
  async prune(): Promise<number> {
    if (this.o.retentionMs <= 0 || !this.o.storeSink.enabled) return 0;
    const now = this.clock();
    return pruneAuditTrail(this.o.store, this.o.signer, now - this.o.retentionMs, now);
  }

  /**
   * The one way records are appended: seals the pending records onto the chain inside a store
   * transaction (when the store is a sink or the work needs one), inserts them, hands them to the
   * required stream sinks before the commit and to the optional ones after it.
   */
  private commit<T>(work: (tx?: StoreTx) => Promise<{ result: T; pending: Pending[] }>, needsTx: boolean, mayAppend = false): Promise<T> {
    // Records that need no transaction of anyone else's go through the store's appendAudit when it
    // has one (SQLite: committed by a worker thread, so this process keeps serving during fsync).
    const append = mayAppend && this.o.storeSink.enabled ? this.o.store.appendAudit?.bind(this.o.store) : undefined;
    return this.lock.run(async () => {
      const mark = this.chain.mark();
      let lines: string[] = [];
      let handedOver = false;
      const required = this.o.streams.filter((s) => s.required);
      const run = async (tx?: StoreTx): Promise<T> => {
        const { result, pending } = await work(tx);
        if (pending.length === 0) return result;
        if (this.stopped) throw new Error('the audit trail is stopped');
        const sealed = pending.map((p) => this.chain.append(p.kind, p.time, p.body));
        lines = sealed.map((s) => recordLine(s) + '\n');
        if (tx && this.o.storeSink.enabled) await this.insert((rows) => tx.audit.insert(rows), sealed, pending);
        if (required.length > 0) {
          handedOver = true;
          await Promise.all(required.map((s) => s.deliver(lines)));
        }
        if (append) await this.insert(append, sealed, pending);
        return result;
      };
      try {
        const result = !append && (needsTx || this.o.storeSink.enabled) ? await this.o.store.write((tx) => run(tx)) : await run(undefined);
        if (lines.length > 0) for (const s of this.o.streams) if (!s.required) s.enqueue(lines);
        return result;
      } catch (err) {
        this.chain.reset(mark);
        if (handedOver) for (const s of required) s.forgetAccepted();
        throw err;
      }
    });
  }

  private async insert(into: (rows: AuditRow[]) => Promise<void>, sealed: SealedRecord[], pending: Pending[]): Promise<void> {
    const rows: AuditRow[] = sealed.map((s, i) => {
      const event = pending[i]!.event;
      return { writerId: this.writerId, seq: s.record.seq, kind: s.record.kind, time: s.record.time, body: s.text, hash: s.hash, ...(event ? eventColumns(event) : {}) };
    });
    try {
      await into(rows);
    } catch (err) {
      if (this.o.storeSink.required) throw err;
      this.o.onProblem('the optional store sink failed to keep audit records', err);
    }
  }
}

function rec(kind: AuditRecordKind, time: number, body: Record<string, unknown>): Pending {
  return { kind, time, body };
}

function eventRec(event: CloudTrailEvent, time: number): Pending {
  return { kind: 'event', time, body: event as unknown as Record<string, unknown>, event };
}
