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
  /** How often the deletion purger looks for secrets whose recovery window has passed. */
  purgeIntervalMs: number;
}

/** Bad configuration: the message is one line, meant for a human, and never holds a secret. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
