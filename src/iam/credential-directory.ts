import type { Caller } from '../operation/index.js';
import type { RootKey } from '../seal/index.js';
import type { Store } from '../store/index.js';

export interface ResolvedCredential {
  secretAccessKey: string;
  caller: Caller;
}

/**
 * Access key id -> (secret access key, caller), for request authentication. Unsealed keys are
 * cached in memory for a short time (bounded) so that the hot path does not unseal on every call.
 */
export class CredentialDirectory {
  private readonly cache = new Map<string, { value: ResolvedCredential | undefined; expires: number }>();

  constructor(
    private readonly store: Store,
    private readonly root: RootKey,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** Undefined when the key is unknown or not active. */
  async resolve(accessKeyId: string, now: number): Promise<ResolvedCredential | undefined> {
    const hit = this.cache.get(accessKeyId);
    if (hit && hit.expires > now) return hit.value;
    const value = await this.store.read(async (tx) => {
      const key = await tx.getAccessKey(accessKeyId);
      if (!key || key.status !== 'Active') return undefined;
      const principal = await tx.getPrincipal(key.principalArn);
      if (!principal) return undefined;
      return {
        secretAccessKey: this.root.unwrap(key.sealedSecret, key.accessKeyId).toString('utf8'),
        caller: {
          accountId: principal.accountId,
          arn: principal.arn,
          principalId: principal.principalId,
          accessKeyId,
          userName: principal.name,
          isAccountAdmin: principal.isAccountAdmin,
        },
      };
    });
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(accessKeyId, { value, expires: now + this.ttlMs });
    return value;
  }
}
