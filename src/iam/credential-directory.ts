import { AwsError, errors } from '../errors/index.js';
import type { Caller } from '../operation/index.js';
import type { RootKey } from '../seal/index.js';
import type { Store } from '../store/index.js';
import { readCredentialGeneration } from './credential-generation.js';
import { sessionCaller } from './sts/session-caller.js';
import { SessionTokens } from './sts/session-token.js';

export interface ResolvedCredential {
  secretAccessKey: string;
  caller: Caller;
}

/**
 * How long a resolved access key (or its absence) is cached. A key deactivated or deleted through
 * IAM is forgotten at once by the process that made the change, and by every other process sharing
 * the store within CREDENTIAL_GENERATION_CHECK_MS (credential-generation.ts); a change made
 * outside IAM's operations (one written to the store directly, as a migration does) within this TTL.
 */
export const CREDENTIAL_CACHE_TTL_MS = 10_000;
/** How often a process looks whether another one took a credential away. */
export const CREDENTIAL_GENERATION_CHECK_MS = 1_000;

/**
 * Access key id -> (secret access key, caller), for request authentication. Unsealed keys are
 * cached in memory for a short time (bounded) so that the hot path does not unseal on every call.
 * Temporary credentials (ASIA... with a session token) are resolved from the token alone.
 */
export class CredentialDirectory {
  private readonly cache = new Map<string, { value: ResolvedCredential | undefined; expires: number }>();
  /** Seals and opens session tokens, under a key derived from the root key. */
  readonly sessions: SessionTokens;
  private generation: string | undefined;
  private generationCheckedAt = -Infinity;
  private generationCheck: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly root: RootKey,
    private readonly ttlMs = CREDENTIAL_CACHE_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {
    this.sessions = new SessionTokens(() => this.root.deriveKey('sts-session-v1'));
  }

  /** Drops a key from the cache (UpdateAccessKey, DeleteAccessKey): refused from the next call on. */
  forget(accessKeyId: string): void {
    this.cache.delete(accessKeyId);
  }

  /**
   * Temporary credentials: the token opens, belongs to `accessKeyId` and has not expired; otherwise
   * the error AWS gives (UnrecognizedClientException, ExpiredTokenException). No store access.
   */
  resolveSession(accessKeyId: string, token: string, now: number): ResolvedCredential | AwsError {
    const claims = this.sessions.verify(token, accessKeyId, now);
    if (claims === 'invalid') return errors.unrecognizedClient();
    if (claims === 'expired') return new AwsError('ExpiredTokenException', 'The security token included in the request is expired');
    return { secretAccessKey: claims.secretAccessKey, caller: sessionCaller(claims) };
  }

  /** Drops the cache when another process took a credential away (at most one read a second). */
  private checkGeneration(now: number): Promise<void> | undefined {
    if (now - this.generationCheckedAt < CREDENTIAL_GENERATION_CHECK_MS) return undefined;
    this.generationCheck ??= this.store
      .read((tx) => readCredentialGeneration(tx))
      .then((g) => {
        if (this.generation !== undefined && g !== this.generation) this.cache.clear();
        this.generation = g;
        this.generationCheckedAt = now;
      })
      .finally(() => {
        this.generationCheck = undefined;
      });
    return this.generationCheck;
  }

  /** Undefined when the key is unknown or not active. */
  async resolve(accessKeyId: string, now: number): Promise<ResolvedCredential | undefined> {
    const check = this.checkGeneration(now);
    if (check) await check;
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
