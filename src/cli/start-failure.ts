import type { Logger } from '../log/index.js';
import { ConfigError } from '../config/index.js';
import { SealError } from '../seal/index.js';

/** Start-up failures an operator can act on from the one line alone (no stack trace in the log). */
export function isKnownStartFailure(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return err instanceof SealError || err instanceof ConfigError || code === 'EADDRINUSE' || code === 'EACCES';
}

/** `coffer: cannot start: <why>`, one line on stderr, and exit 1; the stack of an unexpected failure goes to the log. */
export function exitCannotStart(message: string, logger: Logger, stack?: string): never {
  process.stderr.write(`coffer: cannot start: ${message}\n`);
  if (stack !== undefined) logger.error({ err: stack }, 'start-up failed');
  process.exit(1);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
