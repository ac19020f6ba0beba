import { canonicalJson } from './canonical-json.js';
import type { AuditRecord } from './audit-record.js';
import type { AuditSigner, AuditVerifyKey } from './signer.js';

/** A head of another writer's chain, as a digest or start record saw it in the store. */
export interface Witness {
  writer: string;
  seq: number;
  hash: string;
}

/**
 * The body of a digest record. A digest closes the range of its writer's records since the
 * previous digest (`from`..`to`); since it is itself a link of the chain (its `prev` is the hash of
 * record `to`), its signature vouches for every record before it. `closing` marks the last digest
 * of a writer that stopped cleanly. `witnesses` are heads of other writers' chains seen at the time.
 */
export interface DigestBody {
  from: number;
  to: number;
  closing: boolean;
  witnesses: Witness[];
  keyId: string;
  /** Ed25519 over the canonical JSON of the whole record with this member left out. */
  signature: string;
}

/** The text a digest's signature covers: the record with `body.signature` left out. */
export function unsignedDigestText(record: AuditRecord): string {
  const { signature: _signature, ...body } = record.body;
  return canonicalJson({ ...record, body });
}

/** Signs a digest record in place (its body must have everything but the signature). */
export function signDigest(record: AuditRecord, signer: AuditSigner): void {
  record.body.signature = signer.sign(unsignedDigestText(record));
}

/** Why a digest record is not a valid digest signed by `key`, or undefined when it is. */
export function digestProblem(record: AuditRecord, key: AuditVerifyKey): string | undefined {
  const b = record.body as Partial<DigestBody>;
  if (!Number.isSafeInteger(b.from) || !Number.isSafeInteger(b.to)) return 'digest without a valid range';
  if (typeof b.closing !== 'boolean' || !Array.isArray(b.witnesses)) return 'digest without closing flag or witnesses';
  if (b.keyId !== key.keyId) return `digest signed by key ${String(b.keyId)}, not by the verifying key ${key.keyId}`;
  if (typeof b.signature !== 'string' || !key.verify(unsignedDigestText(record), b.signature)) return 'digest signature does not verify';
  for (const w of b.witnesses) if (!isWitness(w)) return 'digest with a malformed witness';
  return undefined;
}

export function isWitness(w: unknown): w is Witness {
  const x = w as Witness;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.writer === 'string' &&
    Number.isSafeInteger(x.seq) &&
    x.seq >= 1 &&
    typeof x.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(x.hash)
  );
}
