import type { DatabaseSecret } from './database-secret.js';

/** One open connection to a database server, for the rotation steps. */
export interface DatabaseSession {
  /** ALTER USER <own user> password (single user). */
  setPassword(username: string, password: string): Promise<void>;
  /**
   * Makes `pending.username` exist with `pending.password` and the privileges of
   * `current.username` (alternating users; run as the master user).
   */
  createOrUpdateUser(current: DatabaseSecret, pending: DatabaseSecret): Promise<void>;
  /** A trivial query, proving the login works. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** How a rotator reaches one kind of database server. */
export interface DatabaseDriver {
  readonly family: 'postgres' | 'mysql';
  /**
   * Logs in with the secret's credentials; undefined when that fails (wrong password, user
   * missing, server unreachable), as the templates' get_connection returns None. TLS per the
   * secret's `ssl` (see database-secret.ts).
   */
  connect(secret: DatabaseSecret, timeoutMs: number): Promise<DatabaseSession | undefined>;
}

/** Tries TLS then, when the secret does not insist on it, a plain connection. */
export async function connectPerSsl<C>(
  secret: DatabaseSecret,
  open: (tls: boolean) => Promise<C>,
): Promise<C | undefined> {
  const attempts = secret.ssl === true ? [true] : secret.ssl === false ? [false] : [true, false];
  for (const tls of attempts) {
    try {
      return await open(tls);
    } catch {
      // next attempt, or undefined: the caller reports which login failed, never why in detail
    }
  }
  return undefined;
}
