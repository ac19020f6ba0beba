import type { Store } from '../store/index.js';
import { signAnchor } from './anchor.js';
import type { AuditSigner } from './signer.js';

/**
 * Deletes records older than the retention period without breaking verification: per writer, only
 * whole ranges up to a digest written before the cut-off go, and a signed anchor records the
 * digest's number and hash, so the remaining chain starts from a point the key vouches for.
 * Several processes may prune at once: each pass is one transaction and re-reads what it deletes.
 */
export async function pruneAuditTrail(store: Store, signer: AuditSigner, cutoff: number, now: number): Promise<number> {
  return store.write(async (tx) => {
    let removed = 0;
    for (const c of await tx.audit.chains()) {
      const d = await tx.audit.lastDigestBefore(c.writerId, cutoff);
      if (!d || d.seq < c.minSeq) continue;
      removed += await tx.audit.deleteThrough(c.writerId, d.seq);
      await tx.audit.putAnchor(signAnchor({ writerId: c.writerId, throughSeq: d.seq, throughHash: d.hash, prunedAt: now }, signer));
    }
    return removed;
  });
}
