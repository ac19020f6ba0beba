import type { AuditConfig } from './audit-config.js';
import type { TlsConfig } from './tls-config.js';

/** The one configuration object every part of Coffer reads. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  region: string;
  accountId: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Admin key set on first start (automation); both or neither. */
  adminAccessKeyId?: string;
  adminSecretAccessKey?: string;
  /**
   * How often the deletion purger looks for secrets whose recovery window has passed, and the KMS
   * key maintenance for keys whose automatic rotation or deletion is due.
   */
  purgeIntervalMs: number;
  /** Serving processes (COFFER_WORKERS): 1 serves in the one process; more fork node:cluster workers. */
  workers: number;
  /** The rotation engine (COFFER_ROTATION_*). */
  rotation: RotationConfig;
  /** The audit trail (COFFER_AUDIT_*). */
  audit: AuditConfig;
  /** HTTPS instead of HTTP on COFFER_PORT (COFFER_TLS_CERT_FILE, COFFER_TLS_KEY_FILE); undefined = plain HTTP. */
  tls?: TlsConfig;
}

/** How the rotation engine runs (README "Configuration": COFFER_ROTATION_*). */
export interface RotationConfig {
  /** Rotations running at once in the whole deployment (every process sharing the store). */
  concurrency: number;
  /** Longest time one step may take; the function is stopped after it. */
  stepTimeoutMs: number;
  /** Invocations of one step before the rotation is marked failed. */
  maxAttempts: number;
  /** First retry delay; doubles with each attempt (capped at one hour). */
  retryBaseMs: number;
  /** How often the scheduler looks for due work when nothing wakes it. */
  pollMs: number;
  /** SECRETS_MANAGER_ENDPOINT given to rotation functions; undefined = the server's own URL. */
  endpoint?: string;
}

/** Bad configuration: the message is one line, meant for a human, and never holds a secret. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
