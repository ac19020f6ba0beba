import type { Witness } from './digest.js';

/** One problem, at the record (`where`: a store row or file line) where it shows. */
export interface Failure {
  /** Order of discovery in the stream: the lowest is "the first broken record". */
  index: number;
  where: string;
  /** writer#seq of the record at fault, when known. */
  record?: string;
  message: string;
  time?: number;
}

export interface VerifyReport {
  ok: boolean;
  records: number;
  events: number;
  digests: number;
  writers: number;
  anchors: number;
  /** Per writer: records after its last digest that nothing signed covers yet (allowed while recent). */
  unsealed: { writer: string; records: number; oldest: number }[];
  /** Sorted by position; failures[0] is the first broken record. */
  failures: Failure[];
}

/** A head of a chain as a signed record of another chain (or the start) witnessed it. */
export interface Claim extends Witness {
  by: string;
  index: number;
  time: number;
}

/** What the verifier keeps per writer while it walks the records. */
export interface ChainState {
  writer: string;
  expectSeq: number;
  expectPrev: string;
  prevWhere?: string;
  prevName?: string;
  anchored: boolean;
  lastSeq: number;
  lastHash: string;
  lastDigestSeq: number;
  intervalMs: number;
  startSealed: boolean;
  startClaims: Claim[];
  closed: boolean;
  /** Records since the last digest. */
  tail: { seq: number; time: number; where: string; index: number }[];
  /** seq -> where it came, for the recent records (to name both places of a repeat). */
  seen: Map<number, string>;
}

/**
 * Records after a writer's last digest are not signed yet. That is normal for a writer that is
 * running (a digest follows within its interval) and for one that crashed until the next start
 * witnesses its head. A record that has stayed unsigned for longer than twice the writer's digest
 * interval (plus 30 s) was inserted, or its writer died and no Coffer has started since.
 */
export function tailFailures(chains: Iterable<ChainState>, witnessed: Map<string, number>, now: number): { failures: Failure[]; unsealed: VerifyReport['unsealed'] } {
  const failures: Failure[] = [];
  const unsealed: VerifyReport['unsealed'] = [];
  for (const c of chains) {
    const sealedThrough = Math.max(c.lastDigestSeq, witnessed.get(c.writer) ?? 0);
    const open = c.tail.filter((t) => t.seq > sealedThrough);
    if (open.length === 0) continue;
    const oldest = open.reduce((m, t) => Math.min(m, t.time), Infinity);
    unsealed.push({ writer: c.writer, records: open.length, oldest });
    const grace = 2 * c.intervalMs + 30_000;
    const late = open.find((t) => now - t.time > grace);
    if (late) {
      failures.push({
        index: late.index,
        where: late.where,
        record: `${c.writer}#${late.seq}`,
        time: late.time,
        message:
          `record ${c.writer}#${late.seq} is not covered by any signed digest although it is older than its writer's digest interval allows: ` +
          'it was inserted, or its writer stopped without a closing digest and no Coffer process has started since (start one to seal it)',
      });
    }
  }
  return { failures, unsealed };
}
