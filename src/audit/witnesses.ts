import type { StoreTx } from '../store/index.js';
import type { Witness } from './digest.js';

/**
 * Which heads of other writers' chains a writer records. Witnessing ties chains together: once a
 * head is in a signed record of another chain, cutting that chain back beyond it shows up in
 * verification, which covers the records a crashed process wrote after its last digest. The
 * audit_writers table only decides what is worth witnessing; verification never trusts it.
 */
export class WitnessBook {
  /** Writer -> the sequence number this process last witnessed. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly self: string,
    /** A silent open writer older than this is taken for crashed and adopted (witnessed for good). */
    private readonly adoptAfterMs: number,
  ) {}

  /**
   * At start: the head of every writer not yet adopted; finished ones are adopted. `files` are the
   * signed head files: where a file names a later digest than the store holds, the store lost
   * records (cut off after the last digest) and the file's head is witnessed, so that verification
   * names what is missing. Returns the witnesses and the writers whose head file is now redundant.
   */
  async atStart(tx: StoreTx, now: number, files: Map<string, Witness>): Promise<{ witnesses: Witness[]; finished: string[]; lost: Witness[] }> {
    const witnesses: Witness[] = [];
    const finished: string[] = [];
    const lost: Witness[] = [];
    const writers = await tx.audit.writers();
    const known = new Set(writers.map((w) => w.writerId));
    for (const writer of files.keys()) {
      if (!known.has(writer) && writer !== this.self) writers.push({ writerId: writer, startedAt: 0, state: 'adopted' });
    }
    for (const w of writers) {
      if (w.writerId === this.self) continue;
      const file = files.get(w.writerId);
      if (w.state === 'adopted' && !file) continue;
      const head = await tx.audit.head(w.writerId);
      let witness: Witness | undefined = head && { writer: w.writerId, seq: head.seq, hash: head.hash };
      if (file && (!head || file.seq > head.seq || (file.seq === head.seq && file.hash !== head.hash))) {
        witness = file;
        lost.push(file);
      }
      if (witness) {
        witnesses.push(witness);
        this.seen.set(w.writerId, witness.seq);
      }
      const done = !head || w.state !== 'open' || now - head.time > this.adoptAfterMs;
      if (done) {
        if (known.has(w.writerId)) await tx.audit.putWriter({ ...w, state: 'adopted' });
        finished.push(w.writerId);
      }
    }
    return { witnesses, finished, lost };
  }

  /** At a digest: heads of open writers that moved since this process last witnessed them. */
  async atDigest(tx: StoreTx): Promise<Witness[]> {
    const out: Witness[] = [];
    for (const w of await tx.audit.writers()) {
      if (w.writerId === this.self || w.state !== 'open') continue;
      const head = await tx.audit.head(w.writerId);
      if (!head || this.seen.get(w.writerId) === head.seq) continue;
      out.push({ writer: w.writerId, seq: head.seq, hash: head.hash });
      this.seen.set(w.writerId, head.seq);
    }
    return out;
  }
}
