import type { AuditRecordKind } from '../store/index.js';
import { GENESIS_HASH, RECORD_VERSION, sealRecord, type AuditRecord, type SealedRecord } from './audit-record.js';
import { signDigest } from './digest.js';
import type { AuditSigner } from './signer.js';

export interface ChainMark {
  seq: number;
  head: string;
  lastDigestSeq: number;
  lastDigest: { seq: number; hash: string; time: number } | undefined;
}

/**
 * One writer's chain in memory: the next sequence number and the hash of the last record. The
 * trail appends under its own lock and rewinds to a mark when the transaction that was to keep the
 * records fails, so the chain in memory always continues what was committed.
 */
export class ChainWriter {
  private seq = 0;
  private head = GENESIS_HASH;
  private lastDigestSeq = 0;
  /** The newest digest of this chain (what the head file names). */
  lastDigest: { seq: number; hash: string; time: number } | undefined;

  constructor(
    readonly writerId: string,
    private readonly signer: AuditSigner,
  ) {}

  /** True when records were appended since the last digest. */
  get hasUndigested(): boolean {
    return this.seq > this.lastDigestSeq;
  }

  get length(): number {
    return this.seq;
  }

  /**
   * Appends a record. A digest gets its range (`from`/`to`: the records since the previous digest)
   * and key id filled in here, and is signed once its place in the chain is fixed.
   */
  append(kind: AuditRecordKind, time: number, body: Record<string, unknown>): SealedRecord {
    const seq = this.seq + 1;
    const record: AuditRecord = { v: RECORD_VERSION, writer: this.writerId, seq, prev: this.head, kind, time, body: { ...body } };
    if (kind === 'digest') {
      record.body.from = this.lastDigestSeq + 1;
      record.body.to = seq - 1;
      record.body.keyId = this.signer.keyId;
      signDigest(record, this.signer);
    }
    const sealed = sealRecord(record);
    this.seq = seq;
    this.head = sealed.hash;
    if (kind === 'digest') {
      this.lastDigestSeq = seq;
      this.lastDigest = { seq, hash: sealed.hash, time };
    }
    return sealed;
  }

  mark(): ChainMark {
    return { seq: this.seq, head: this.head, lastDigestSeq: this.lastDigestSeq, lastDigest: this.lastDigest };
  }

  reset(m: ChainMark): void {
    this.seq = m.seq;
    this.head = m.head;
    this.lastDigestSeq = m.lastDigestSeq;
    this.lastDigest = m.lastDigest;
  }
}
