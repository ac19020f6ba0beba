import type { AuditAnchor } from '../store/index.js';
import { canonicalJson } from './canonical-json.js';
import type { AuditSigner, AuditVerifyKey } from './signer.js';

/** The text an anchor's signature covers. */
function anchorText(a: Omit<AuditAnchor, 'signature'>): string {
  return canonicalJson({ writerId: a.writerId, throughSeq: a.throughSeq, throughHash: a.throughHash, prunedAt: a.prunedAt });
}

/** A signed statement that retention pruned a writer's records up to `throughSeq`. */
export function signAnchor(a: Omit<AuditAnchor, 'signature'>, signer: AuditSigner): AuditAnchor {
  return { ...a, signature: signer.sign(anchorText(a)) };
}

export function anchorVerifies(a: AuditAnchor, key: AuditVerifyKey): boolean {
  return (
    typeof a.writerId === 'string' &&
    Number.isSafeInteger(a.throughSeq) &&
    typeof a.throughHash === 'string' &&
    Number.isSafeInteger(a.prunedAt) &&
    typeof a.signature === 'string' &&
    key.verify(anchorText(a), a.signature)
  );
}
