/**
 * Derived SigV4 signing keys, and a bounded cache of them.
 *
 * kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
 *
 * Deriving costs four HMACs; a key is valid for one (access key id, date, region, service),
 * so a busy server re-derives only once a day per client. Each entry also holds a keyed
 * fingerprint of the secret it was derived from: when the secret behind an access key id
 * changes (rotation, re-import) the stale key is never served, it is derived again.
 * The cache never holds a secret access key itself.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { SIGV4_TERMINATOR } from './authorization-header.js';

/** Derives the signing key for one scope. `date` is the scope's YYYYMMDD. */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secretAccessKey).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update(SIGV4_TERMINATOR).digest();
}

interface Entry {
  readonly fingerprint: Buffer;
  readonly key: Buffer;
}

export const DEFAULT_SIGNING_KEY_CACHE_SIZE = 4096;

/**
 * A bounded map (access key id, date, region, service) -> signing key. When full, the oldest
 * inserted entry is evicted (first in, first out): keys are per day, so old days age out on
 * their own and a hit costs no reordering.
 */
export class SigningKeyCache {
  readonly maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  /** Per-instance key for the secret fingerprints, so they are useless outside this process. */
  readonly #fingerprintKey = randomBytes(32);

  constructor(maxEntries = DEFAULT_SIGNING_KEY_CACHE_SIZE) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    }
    this.maxEntries = maxEntries;
  }

  /** Number of cached keys. */
  get size(): number {
    return this.#entries.size;
  }

  /** Drops every cached key (e.g. after a bulk credential change). */
  clear(): void {
    this.#entries.clear();
  }

  /** Forgets the keys of one access key id (e.g. when it is deleted or deactivated). */
  forget(accessKeyId: string): void {
    const prefix = accessKeyId + '/';
    for (const k of this.#entries.keys()) if (k.startsWith(prefix)) this.#entries.delete(k);
  }

  /**
   * The signing key for the scope, from the cache when it was derived from this same secret,
   * otherwise derived now and cached. Scope parts come from a Credential value split on '/',
   * so none contains '/' and the joined map key is unambiguous.
   */
  signingKey(accessKeyId: string, secretAccessKey: string, date: string, region: string, service: string): Buffer {
    const mapKey = accessKeyId + '/' + date + '/' + region + '/' + service;
    const fingerprint = createHmac('sha256', this.#fingerprintKey).update(secretAccessKey, 'utf8').digest();
    const hit = this.#entries.get(mapKey);
    if (hit !== undefined && timingSafeEqual(hit.fingerprint, fingerprint)) return hit.key;

    const key = deriveSigningKey(secretAccessKey, date, region, service);
    if (hit !== undefined) {
      this.#entries.delete(mapKey);
    } else if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(mapKey, { fingerprint, key });
    return key;
  }
}
