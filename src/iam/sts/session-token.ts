/**
 * Self-authenticating session tokens for temporary credentials (sts:AssumeRole).
 *
 * A token is base64 of an AES-256-GCM blob (seal/aes-gcm.ts: format byte, random IV, tag,
 * ciphertext) under a key derived from the root key for this one purpose
 * (`root.deriveKey('sts-session-v1')`), with a fixed additional-data label. The plaintext is the
 * JSON of SessionClaims: the temporary access key id and its secret, the role, the session name,
 * the account, the issue and expiry times, session tags and session policies.
 *
 * So no store lookup is needed to authenticate a session, and nothing about a session can be
 * forged, extended or re-targeted without the root key: changing any byte of the token makes it
 * fail to open. The secret access key travels inside the token, encrypted; the token is as
 * sensitive as the secret itself and is never logged.
 */
import type { CallerSession } from '../../operation/index.js';
import { gcmOpen, gcmSeal } from '../../seal/index.js';

/**
 * What a session token carries: the role session the caller stands for (CallerSession) plus the
 * temporary credentials and account. Times are epoch milliseconds.
 */
export interface SessionClaims extends CallerSession {
  v: 1;
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
}

/** Why a token was refused. */
export type SessionTokenProblem = 'invalid' | 'expired';

const AAD = Buffer.from('coffer sts session token v1', 'utf8');
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Far more than any real token; a larger header is refused before any decryption. */
const MAX_TOKEN_CHARS = 16 * 1024;

export class SessionTokens {
  #key: Buffer | undefined;

  /** `deriveKey` is called once, on first use (a process that never sees a token never derives it). */
  constructor(private readonly deriveKey: () => Buffer) {}

  private key(): Buffer {
    return (this.#key ??= this.deriveKey());
  }

  /** Seals the claims into a token. */
  seal(claims: SessionClaims): string {
    return gcmSeal(this.key(), Buffer.from(JSON.stringify(claims), 'utf8'), AAD).toString('base64');
  }

  /** Opens a token; undefined when it is malformed, modified or sealed under another key. */
  open(token: string): SessionClaims | undefined {
    if (token.length === 0 || token.length > MAX_TOKEN_CHARS || !BASE64.test(token)) return undefined;
    const plain = gcmOpen(this.key(), Buffer.from(token, 'base64'), AAD);
    if (!plain) return undefined;
    try {
      const claims = JSON.parse(plain.toString('utf8')) as SessionClaims;
      return claims.v === 1 ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The claims of a token presented with `accessKeyId` at time `now`, or why it is refused: a
   * token that does not open or belongs to another access key id is 'invalid'; one whose expiry
   * has been reached is 'expired'.
   */
  verify(token: string, accessKeyId: string, now: number): SessionClaims | SessionTokenProblem {
    const claims = this.open(token);
    if (!claims || claims.accessKeyId !== accessKeyId) return 'invalid';
    if (now >= claims.expiresAt) return 'expired';
    return claims;
  }
}
