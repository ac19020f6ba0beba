/**
 * Loaded caller identities (principal, identity and session policies), reused while IAM has not
 * changed. Every IAM write moves `iam/generation` in its own transaction (iam-generation.ts); the
 * authoriser reads that counter in the same snapshot it reads the resource in, one small read per
 * call, and uses a cached identity only when it was loaded at that same generation. So a cached
 * identity is never staler than the snapshot the call is decided on, in any process. Bounded in
 * size; everything is dropped when the generation moves.
 */
import type { Caller } from '../operation/index.js';
import type { StoreTx } from '../store/index.js';
import { loadCallerIdentity, type CallerIdentity } from './identity-policies.js';
import { readIamGeneration } from './iam-generation.js';

export const IDENTITY_CACHE_ENTRIES = 10_000;

export class IdentityCache {
  private generation: string | undefined;
  private readonly entries = new Map<string, CallerIdentity>();

  constructor(private readonly capacity = IDENTITY_CACHE_ENTRIES) {}

  async load(tx: StoreTx, caller: Caller): Promise<CallerIdentity> {
    const generation = await readIamGeneration(tx);
    // The key names everything the identity is built from besides IAM's tables: a role
    // session's policies and tags are in its token, whose access key id is unique to it.
    const key = `${caller.accessKeyId}\u0000${caller.arn}\u0000${caller.isAccountAdmin ? 1 : 0}\u0000${caller.principalId}`;
    if (generation === this.generation) {
      const hit = this.entries.get(key);
      if (hit) return hit;
    }
    const identity = await loadCallerIdentity(tx, caller);
    // Another call may have moved the cache to a newer generation meanwhile: keep that one.
    if (this.generation === undefined || this.generation !== generation) {
      const newer = this.generation !== undefined && Number(this.generation) > Number(generation);
      if (newer) return identity;
      this.entries.clear();
      this.generation = generation;
    }
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, identity);
    return identity;
  }

  get size(): number {
    return this.entries.size;
  }
}
